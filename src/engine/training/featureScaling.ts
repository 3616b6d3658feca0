import * as tf from '../tf.js';
import type { FeatureSet } from './trainingArrays.js';

/** Per-feature mean and standard deviation of the training features. */
export interface FeatureScaling {
  mean: Float32Array;
  scale: Float32Array;
}

/**
 * Below this spread a feature is treated as constant: dividing by a near-zero deviation would blow
 * up noise in a feature the training images never vary (a ReLU that is always 0).
 */
const MIN_SCALE = 1e-3;

/** Mean and deviation of each feature over the training rows (accumulated in float64). */
export function featureScaling(train: FeatureSet, size: number): FeatureScaling {
  const rows = train.labels.length;
  const sum = new Float64Array(size);
  const squares = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < size; j++) {
      const v = train.features[r * size + j] ?? 0;
      sum[j] = (sum[j] ?? 0) + v;
      squares[j] = (squares[j] ?? 0) + v * v;
    }
  }
  const mean = new Float32Array(size);
  const scale = new Float32Array(size);
  for (let j = 0; j < size; j++) {
    const m = (sum[j] ?? 0) / Math.max(1, rows);
    const variance = Math.max(0, (squares[j] ?? 0) / Math.max(1, rows) - m * m);
    mean[j] = m;
    scale[j] = Math.max(MIN_SCALE, Math.sqrt(variance));
  }
  return { mean, scale };
}

/** The rows standardised: (x − mean) / deviation, feature by feature. */
export function standardised(set: FeatureSet, scaling: FeatureScaling): FeatureSet {
  const size = scaling.mean.length;
  const features = new Float32Array(set.features.length);
  for (let i = 0; i < features.length; i++) {
    const j = i % size;
    features[i] = ((set.features[i] ?? 0) - (scaling.mean[j] ?? 0)) / (scaling.scale[j] ?? 1);
  }
  return { features, labels: set.labels };
}

/**
 * Folds the standardisation into the first Dense layer, so the head takes raw features again and
 * the saved model (and every export) needs no extra layer: W' = W / s row by row, b' = b − (m / s)·W.
 * Exact, because Flatten and Dropout before it are identities at inference.
 */
export function foldScaling(dense: tf.layers.Layer, scaling: FeatureScaling): void {
  const [kernel, bias] = dense.getWeights();
  if (!kernel || !bias) throw new Error(`${dense.name} has no kernel and bias to fold into`);
  const folded = tf.tidy(() => {
    const inverse = tf.tensor2d(scaling.scale, [scaling.scale.length, 1]).reciprocal();
    const scaledKernel = kernel.mul(inverse);
    const shift = tf.tensor2d(scaling.mean, [1, scaling.mean.length]).matMul(scaledKernel);
    return [scaledKernel, bias.sub(shift.reshape(bias.shape))];
  });
  dense.setWeights(folded);
  tf.dispose(folded);
}
