// The hand-written reference of issue #15: what a student writes in 30 lines. Frozen features,
// Dense(100, relu) → softmax, trained on all training images for 60 epochs with Adam, no
// validation split, no early stopping.
import * as tf from '@tensorflow/tfjs';
import { accuracy } from './pipeline.js';

export async function referenceRecipe(train, test, classCount, seed) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: train.shape,
        units: 100,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        units: classCount,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.tensor(train.features, [train.labels.length, ...train.shape]);
  const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), classCount).toFloat();
  try {
    await model.fit(x, y, { epochs: 60, batchSize: 32, shuffle: true, verbose: 0 });
    const predicted = tf.tidy(() =>
      model
        .predict(tf.tensor(test.features, [test.labels.length, ...test.shape]))
        .argMax(-1)
        .dataSync(),
    );
    return accuracy(predicted, test.labels);
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
