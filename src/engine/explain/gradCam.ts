import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import { activationOf, scoresFromActivation, type CamGraph } from './camGraph.js';

export { camGraph, type CamGraph } from './camGraph.js';

/** Grad-CAM of one image. */
export interface ClassActivationMap {
  /** Row-major [height × width] at the activation's resolution, in [0, 1]; all 0 if no evidence. */
  heatmap: Float32Array;
  height: number;
  width: number;
  /** The class the map explains. */
  classIndex: number;
  /** The model's class probabilities for the image. */
  probabilities: Float32Array;
}

/**
 * Grad-CAM over a batch of model-ready images ([n, h, w, 3]) run wholly in tfjs. `classes[i]` is
 * the class to explain for image i; by default the one the model predicts.
 */
export function gradCam(
  graph: CamGraph,
  images: tf.Tensor4D,
  classes: readonly (number | undefined)[] = [],
): ClassActivationMap[] {
  const activation = activationOf(graph, images);
  try {
    return gradCamFromActivation(graph, activation, classes);
  } finally {
    activation.dispose();
  }
}

/**
 * Grad-CAM from the last convolutional activation ([n, h, w, c]) computed elsewhere — by
 * onnxruntime on the split path — with only the layers after it run (and differentiated) in tfjs.
 */
export function gradCamFromActivation(
  graph: CamGraph,
  activation: tf.Tensor4D,
  classes: readonly (number | undefined)[] = [],
): ClassActivationMap[] {
  const count = activation.shape[0];
  const scores = tf.tidy(() => scoresFromActivation(graph, activation));
  const probabilities = tf.tidy(() => (graph.scores.linear ? tf.softmax(scores) : scores.clone()));
  const classCount = scores.shape[1];
  const probabilityRows = rows(probabilities.dataSync() as Float32Array, count, classCount);
  tf.dispose([scores, probabilities]);
  const chosen = probabilityRows.map((p, i) => classes[i] ?? argMax(p));
  const outside = chosen.find((c) => !Number.isInteger(c) || c < 0 || c >= classCount);
  if (outside !== undefined)
    throw new AppError(
      'INVALID_ARGUMENT',
      `Class ${outside} does not exist: the model has ${classCount} classes`,
    );
  const maps = tf.tidy(() => {
    const selected = tf.oneHot(tf.tensor1d(chosen, 'int32'), classCount).toFloat();
    // Images do not interact in inference mode, so the gradient of the summed chosen scores is
    // each image's own gradient.
    const chosenScore = (a: tf.Tensor) =>
      tf.sum(tf.mul(scoresFromActivation(graph, a), selected)) as tf.Scalar;
    const gradient = tf.grad(chosenScore)(activation);
    const channelWeights = tf.mean(gradient, [1, 2], true);
    const weighted = tf.relu(tf.sum(tf.mul(activation, channelWeights), 3));
    const peak = tf.max(weighted, [1, 2], true);
    // An all-zero map (no positive evidence) stays zero instead of dividing by zero.
    return tf.div(weighted, tf.maximum(peak, 1e-12));
  });
  const [, height = 0, width = 0] = activation.shape;
  const heatmaps = rows(maps.dataSync() as Float32Array, count, height * width);
  maps.dispose();
  return heatmaps.map((heatmap, i) => ({
    heatmap,
    height,
    width,
    classIndex: chosen[i] ?? 0,
    probabilities: probabilityRows[i] ?? new Float32Array(classCount),
  }));
}

function rows(data: Float32Array, count: number, size: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => data.slice(i * size, (i + 1) * size));
}

function argMax(values: Float32Array): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] ?? -Infinity)) best = i;
  });
  return best;
}
