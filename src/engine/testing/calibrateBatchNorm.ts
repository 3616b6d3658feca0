import * as tf from '../tf.js';
import { seededRandom } from '../../common/random.js';

/**
 * Gives a randomly initialised model realistic activations: each BatchNorm's moving statistics
 * are set, in order, to the statistics of its actual input on `x`, with random scales and offsets.
 * Without this, 17 blocks of random weights shrink activations to ~1e-11 and any comparison of
 * outputs would pass trivially.
 */
export function calibrateBatchNorm(model: tf.LayersModel, x: tf.Tensor, seed = 1): void {
  const random = seededRandom(seed);
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const probe = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
    const channels = Number((layer.input as tf.SymbolicTensor).shape.at(-1));
    const [mean, variance] = tf.tidy(() => {
      const moments = tf.moments(probe.predict(x) as tf.Tensor, [0, 1, 2]);
      return [moments.mean, moments.variance.add(1e-3)];
    });
    const gamma = tf.tensor1d(Array.from({ length: channels }, () => 0.5 + random()));
    const beta = tf.tensor1d(Array.from({ length: channels }, () => random() - 0.5));
    layer.setWeights([gamma, beta, mean as tf.Tensor, variance as tf.Tensor]);
    tf.dispose([gamma, beta, mean, variance]);
  }
}

/**
 * Replaces a model's random initial weights with seeded ones (uniform, scaled by fan-in like
 * LeCun's), so numerical comparisons test the same network on every run instead of a new draw.
 * BatchNorm layers are left to `calibrateBatchNorm`.
 */
export function seedWeights(model: tf.LayersModel, seed: number): void {
  let counter = seed;
  for (const layer of model.layers) {
    if (layer.getClassName() === 'BatchNormalization' || layer.weights.length === 0) continue;
    const values = layer.weights.map((variable) => {
      const shape = variable.shape as number[];
      const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
      const limit = shape.length > 1 ? Math.sqrt(3 / fanIn) : 0.1;
      return tf.randomUniform(shape, -limit, limit, 'float32', counter++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}
