import * as tf from '../tf.js';
import type { HeadConfig } from '../../common/training.js';

/** How the head's layers are built for training rather than for prediction or export. */
export interface HeadBuildOptions {
  /**
   * Puts the weight decay on the Dense kernels as a regularizer. Only the head that trains needs
   * it; the graphs that predict and export take the trained weights and stay plain Dense layers.
   */
  training?: boolean;
}

/**
 * Applies the head's layers to `features`: [Flatten,] then for each hidden size (times the
 * ensemble's members) Dropout → Dense ReLU, then Dropout → Dense softmax. Named head_*, seeded, so a run can be repeated and the same
 * head can be rebuilt on top of the base for export.
 */
export function applyHead(
  features: tf.SymbolicTensor,
  config: HeadConfig,
  classCount: number,
  seed: number,
  options: HeadBuildOptions = {},
): tf.SymbolicTensor {
  let x = features;
  if (x.shape.length > 2)
    x = tf.layers.flatten({ name: 'head_flatten' }).apply(x) as tf.SymbolicTensor;
  // An ensemble's members sit side by side in each hidden layer (see foldMembers).
  const sizes = [...config.hidden.map((units) => units * (config.members ?? 1)), classCount];
  const decay = options.training ? (config.weightDecay ?? 0) : 0;
  sizes.forEach((units, i) => {
    const rate = i === 0 ? (config.inputDropout ?? config.dropout) : config.dropout;
    if (rate > 0)
      x = tf.layers
        .dropout({ name: `head_dropout_${i + 1}`, rate, seed: seed + 10 + i })
        .apply(x) as tf.SymbolicTensor;
    const last = i === sizes.length - 1;
    x = tf.layers
      .dense({
        name: last ? 'head_predictions' : `head_dense_${i + 1}`,
        units,
        activation: last ? 'softmax' : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        ...(decay > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2: decay }) } : {}),
      })
      .apply(x) as tf.SymbolicTensor;
  });
  return x;
}

/** The head alone, over cached features of the given shape (without the batch dimension). */
export function buildHead(
  featureShape: number[],
  config: HeadConfig,
  classCount: number,
  seed: number,
  options: HeadBuildOptions = {},
): tf.LayersModel {
  const input = tf.input({ shape: featureShape, name: 'features' });
  return tf.model({
    inputs: input,
    outputs: applyHead(input, config, classCount, seed, options),
    name: 'head',
  });
}

/**
 * Base and head as one graph (what is exported and what predicts): the embedding model's output
 * feeds freshly built head layers, which take the trained head's weights by layer name.
 */
export function attachHead(
  embedding: tf.LayersModel,
  head: tf.LayersModel,
  config: HeadConfig,
  classCount: number,
): tf.LayersModel {
  const features = embedding.outputs[0] as tf.SymbolicTensor;
  const output = applyHead(features, config, classCount, 0);
  const model = tf.model({ inputs: embedding.inputs, outputs: output, name: 'classifier' });
  for (const layer of head.layers) {
    if (layer.weights.length > 0) model.getLayer(layer.name).setWeights(layer.getWeights());
  }
  return model;
}
