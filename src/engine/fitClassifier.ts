import * as tf from '@tensorflow/tfjs';

export interface LabelledImages {
  /** Model inputs, [n, height, width, 3]. */
  x: tf.Tensor4D;
  /** Class indices, length n. */
  labels: number[];
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface FitOptions {
  classCount: number;
  /** Default 20. */
  epochs?: number;
  /** Default 16. */
  batchSize?: number;
  /** Adam's learning rate. Default 0.003. */
  learningRate?: number;
  onEpoch?: (metrics: EpochMetrics) => void;
}

/** Compiles and fits a classifier with Adam and categorical cross-entropy; returns the epochs' metrics. */
export async function fitClassifier(
  model: tf.LayersModel,
  train: LabelledImages,
  validation: LabelledImages | undefined,
  options: FitOptions,
): Promise<EpochMetrics[]> {
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? 0.003),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const history: EpochMetrics[] = [];
  const yTrain = oneHot(train.labels, options.classCount);
  const yVal = validation ? oneHot(validation.labels, options.classCount) : undefined;
  try {
    await model.fit(train.x, yTrain, {
      epochs: options.epochs ?? 20,
      batchSize: options.batchSize ?? 16,
      shuffle: true,
      ...(validation && yVal
        ? { validationData: [validation.x, yVal] as [tf.Tensor, tf.Tensor] }
        : {}),
      verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch, logs) => {
          const metrics = toEpochMetrics(epoch + 1, logs ?? {});
          history.push(metrics);
          options.onEpoch?.(metrics);
        },
      },
    });
  } finally {
    yTrain.dispose();
    yVal?.dispose();
  }
  return history;
}

function toEpochMetrics(epoch: number, logs: tf.Logs): EpochMetrics {
  const metrics: EpochMetrics = { epoch, loss: logs['loss'] ?? NaN, accuracy: logs['acc'] ?? NaN };
  if (logs['val_loss'] !== undefined) metrics.valLoss = logs['val_loss'];
  if (logs['val_acc'] !== undefined) metrics.valAccuracy = logs['val_acc'];
  return metrics;
}

function oneHot(labels: number[], classCount: number): tf.Tensor2D {
  return tf.tidy(
    () => tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat() as tf.Tensor2D,
  );
}

/** Top-1 class index for each input. */
export function predictLabels(model: tf.LayersModel, x: tf.Tensor4D, batchSize = 32): number[] {
  return tf.tidy(() => {
    const probabilities = model.predict(x, { batchSize }) as tf.Tensor2D;
    return Array.from(probabilities.argMax(-1).dataSync());
  });
}
