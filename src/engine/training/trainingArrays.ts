import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import type { PhaseSettings, TrainSettings } from '../../common/training.js';

export interface FeatureSet {
  /** Row-major features, [count, ...featureShape]. */
  features: Float32Array;
  labels: number[];
}

/**
 * The targets and the validation arrays as tensors, targets one-hot and weighted by class. The
 * training features stay a Float32Array: each batch copies its rows from there (see fitOnArrays).
 */
export interface TrainingTensors {
  yTrain: tf.Tensor;
  xVal: tf.Tensor | undefined;
  yVal: tf.Tensor | undefined;
}

export function trainingTensors(input: {
  featureShape: number[];
  classCount: number;
  train: FeatureSet;
  validation: FeatureSet | undefined;
  settings: TrainSettings;
}): TrainingTensors {
  const shape = (n: number) => [n, ...input.featureShape];
  const weights = classWeights(input.train.labels, input.classCount, input.settings.classWeights);
  return tf.tidy(() => {
    const oneHot = (labels: number[]) =>
      tf.oneHot(tf.tensor1d(labels, 'int32'), input.classCount).toFloat();
    // Smoothing moves that much of each target's probability evenly onto all classes; then scaling
    // the targets by the class weight scales each example's cross-entropy by it.
    const smoothing = input.settings.labelSmoothing ?? 0;
    const yTrain = oneHot(input.train.labels)
      .mul(1 - smoothing)
      .add(smoothing / input.classCount)
      .mul(tf.tensor1d(weights));
    const validation =
      input.validation && input.validation.labels.length > 0 ? input.validation : undefined;
    return {
      yTrain,
      xVal: validation
        ? tf.tensor(validation.features, shape(validation.labels.length))
        : undefined,
      yVal: validation ? oneHot(validation.labels) : undefined,
    };
  });
}

export function disposeTensors(data: TrainingTensors): void {
  tf.dispose([data.yTrain, ...(data.xVal ? [data.xVal] : []), ...(data.yVal ? [data.yVal] : [])]);
}

export function classWeights(
  labels: readonly number[],
  classCount: number,
  mode: TrainSettings['classWeights'],
): number[] {
  if (mode === 'none') return new Array<number>(classCount).fill(1);
  const counts = new Array<number>(classCount).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (classCount * count)));
}

/**
 * Cross-entropy on softmax outputs without tfjs' clipping of the probabilities: the clip has a zero
 * gradient, so a class whose probability starts below 1e-7 (large features, unlucky
 * initialisation) could never be learned. Keras avoids this by working from the logits.
 */
export function crossEntropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(yTrue, tf.log(tf.add(yPred, 1e-7))), -1)));
}

export function createOptimizer(settings: PhaseSettings): tf.Optimizer {
  const { learningRate, optimizer: kind } = settings;
  if (kind === 'adam') return tf.train.adam(learningRate);
  if (kind === 'sgd-momentum') return tf.train.momentum(learningRate, 0.9);
  throw new AppError('INVALID_ARGUMENT', `Unknown optimizer ${String(kind)}`);
}
