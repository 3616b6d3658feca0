import * as tf from '../../tf.js';
import { seededRandom } from '../../../common/random.js';

/** Test data for Grad-CAM: the class is decided by a red patch on one side of a noisy image. */
export const PATCH_CLASSES = ['plain', 'marked'] as const;

export interface PatchImage {
  /** Interleaved 8-bit RGB, row-major. */
  rgb: Uint8Array;
  /** 0 plain, 1 marked. */
  label: number;
}

/**
 * `count` images of `size`×`size`, alternating plain and marked; a marked image has a red square
 * (a quarter of the side) somewhere in its `side` half, on grey noise.
 */
export function patchImages(
  count: number,
  size: number,
  options: { seed: number; side?: 'left' | 'right' },
): PatchImage[] {
  const random = seededRandom(options.seed);
  const patch = Math.max(2, Math.round(size / 4));
  return Array.from({ length: count }, (_, i) => {
    const rgb = new Uint8Array(size * size * 3);
    for (let p = 0; p < rgb.length; p++) rgb[p] = 100 + Math.floor(random() * 50);
    const label = i % 2;
    if (label === 1) {
      const half = Math.floor(size / 2);
      const left = Math.floor(random() * (half - patch)) + (options.side === 'right' ? half : 0);
      const top = Math.floor(random() * (size - patch));
      for (let y = top; y < top + patch; y++)
        for (let x = left; x < left + patch; x++) rgb.set([230, 30, 30], (y * size + x) * 3);
    }
    return { rgb, label };
  });
}

/** Pixels scaled to [-1, 1] as a batch [n, size, size, 3]. */
export function patchBatch(images: readonly PatchImage[], size: number): tf.Tensor4D {
  const data = new Float32Array(images.length * size * size * 3);
  images.forEach((image, i) =>
    image.rgb.forEach((v, p) => (data[i * image.rgb.length + p] = v / 127.5 - 1)),
  );
  return tf.tensor4d(data, [images.length, size, size, 3]);
}

/**
 * A frozen random convolutional base ending in global average pooling, as the app's bases do,
 * with a softmax Dense head trained on the patch images: a classifier composed like a trained model.
 */
export async function trainPatchClassifier(size: number, seed = 3): Promise<tf.LayersModel> {
  const input = tf.input({ shape: [size, size, 3], name: 'input_1' });
  let x = tf.layers
    .conv2d({
      name: 'conv_1',
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed }),
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'pool_1', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .conv2d({
      name: 'conv_2',
      filters: 16,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: seed + 1 }),
    })
    .apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers
    .globalAveragePooling2d({ name: 'global_average_pooling2d' })
    .apply(x) as tf.SymbolicTensor;
  const base = tf.model({ inputs: input, outputs: pooled, name: 'patch_base' });
  base.trainable = false;
  const dense = tf.layers.dense({
    name: 'head_predictions',
    units: PATCH_CLASSES.length,
    activation: 'softmax',
    // Zeros keep the two class scores opposite (training moves them by opposite amounts), so the
    // marked score holds only the evidence for the patch, not a share common to both classes.
    kernelInitializer: 'zeros',
  });
  const predictions = dense.apply(pooled) as tf.SymbolicTensor;
  const classifier = tf.model({ inputs: input, outputs: predictions, name: 'classifier' });
  await trainHeadOnFeatures(base, dense, patchImages(64, size, { seed: seed + 10 }), size);
  return classifier;
}

/** As the app trains: the frozen base's features once, then only the head fits on them. */
async function trainHeadOnFeatures(
  base: tf.LayersModel,
  dense: tf.layers.Layer,
  images: PatchImage[],
  size: number,
): Promise<void> {
  const pixels = patchBatch(images, size);
  const features = base.predict(pixels) as tf.Tensor2D;
  const labels = tf.tensor1d(
    images.map((i) => i.label),
    'int32',
  );
  const targets = tf.oneHot(labels, PATCH_CLASSES.length);
  const featureInput = tf.input({ shape: [features.shape[1]] });
  const head = tf.model({
    inputs: featureInput,
    outputs: dense.apply(featureInput) as tf.SymbolicTensor,
  });
  head.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  await head.fit(features, targets, { epochs: 150, batchSize: 16, shuffle: false, verbose: 0 });
  tf.dispose([pixels, features, labels, targets]);
}

/**
 * The same classifier with its base as one nested layer, as a plain TF.js model whose feature
 * layer is a whole sub-model gives it.
 */
export function nestBase(classifier: tf.LayersModel, size: number): tf.LayersModel {
  const pooled = classifier.getLayer('global_average_pooling2d').output as tf.SymbolicTensor;
  const base = tf.model({ inputs: classifier.inputs, outputs: pooled, name: 'nested_base' });
  const input = tf.input({ shape: [size, size, 3], name: 'outer_input' });
  const head = classifier.getLayer('head_predictions');
  const dense = tf.layers.dense({ name: 'outer_predictions', units: 2, activation: 'softmax' });
  const output = dense.apply(base.apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor;
  dense.setWeights(head.getWeights());
  return tf.model({ inputs: input, outputs: output, name: 'nested_classifier' });
}
