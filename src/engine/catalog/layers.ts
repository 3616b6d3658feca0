import * as tf from '../tf.js';

/**
 * Small helpers that build keras.applications layers under Keras' own names, so pretrained
 * weights (Keras .h5, TF.js exports, Teachable Machine) map onto them one to one by name.
 */
export type Sym = tf.SymbolicTensor;

export function apply(layer: tf.layers.Layer, input: Sym | Sym[]): Sym {
  return layer.apply(input) as Sym;
}

export function conv(
  x: Sym,
  name: string,
  filters: number,
  kernelSize: number,
  options: { strides?: number; padding?: 'same' | 'valid'; useBias?: boolean } = {},
): Sym {
  return apply(
    tf.layers.conv2d({
      name,
      filters,
      kernelSize,
      strides: options.strides ?? 1,
      padding: options.padding ?? 'same',
      useBias: options.useBias ?? false,
    }),
    x,
  );
}

export function depthwise(x: Sym, name: string, strides: number, padding: 'same' | 'valid'): Sym {
  return apply(
    tf.layers.depthwiseConv2d({ name, kernelSize: 3, strides, padding, useBias: false }),
    x,
  );
}

export function batchNorm(x: Sym, name: string, epsilon: number, momentum: number): Sym {
  return apply(tf.layers.batchNormalization({ name, axis: -1, epsilon, momentum }), x);
}

export function relu6(x: Sym, name: string): Sym {
  return apply(tf.layers.reLU({ name, maxValue: 6 }), x);
}

export function relu(x: Sym, name: string): Sym {
  return apply(tf.layers.activation({ name, activation: 'relu' }), x);
}

export function zeroPad(x: Sym, name: string, padding: [[number, number], [number, number]]): Sym {
  return apply(tf.layers.zeroPadding2d({ name, padding }), x);
}

export function globalAveragePool(x: Sym): Sym {
  return apply(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
}

export function imageInput(size: number): Sym {
  return tf.input({ shape: [size, size, 3], name: 'input_1' });
}

/** Keras' _make_divisible: round channel counts to multiples of 8 without losing more than 10%. */
export function makeDivisible(value: number, divisor = 8): number {
  const rounded = Math.max(
    divisor,
    Math.floor(Math.trunc(value + divisor / 2) / divisor) * divisor,
  );
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}

/** keras imagenet_utils.correct_pad for a 3×3 stride-2 convolution on a square input. */
export function correctPad(size: number): [[number, number], [number, number]] {
  const adjust = 1 - (size % 2);
  return [
    [1 - adjust, 1],
    [1 - adjust, 1],
  ];
}

export function spatialSize(x: Sym): number {
  const size = x.shape[1];
  if (typeof size !== 'number') throw new Error('spatial size must be known');
  return size;
}

export function channels(x: Sym): number {
  const count = x.shape[3];
  if (typeof count !== 'number') throw new Error('channel count must be known');
  return count;
}
