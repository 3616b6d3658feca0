import * as tf from '../tf.js';
import {
  batchNorm,
  conv,
  depthwise,
  globalAveragePool,
  imageInput,
  relu6,
  zeroPad,
  type Sym,
} from './layers.js';

/** keras.applications.MobileNet's depthwise-separable blocks 1..13: [pointwise filters, stride]. */
const BLOCKS: [number, number][] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

export const MOBILENET_V1_BLOCK_COUNT = BLOCKS.length;

const EPSILON = 1e-3;
const MOMENTUM = 0.99;

/** MobileNet (V1) with include_top=False and pooling='avg', named as Keras names it. */
export function buildMobileNetV1(alpha: number, inputSize: number): tf.LayersModel {
  const input = imageInput(inputSize);
  let x = conv(input, 'conv1', Math.trunc(32 * alpha), 3, { strides: 2 });
  x = batchNorm(x, 'conv1_bn', EPSILON, MOMENTUM);
  x = relu6(x, 'conv1_relu');
  BLOCKS.forEach(([filters, stride], index) => {
    x = separableBlock(x, Math.trunc(filters * alpha), stride, index + 1);
  });
  return tf.model({
    inputs: input,
    outputs: globalAveragePool(x),
    name: `mobilenet_${alpha}_${inputSize}`,
  });
}

function separableBlock(input: Sym, filters: number, stride: number, id: number): Sym {
  let x =
    stride === 1
      ? input
      : zeroPad(input, `conv_pad_${id}`, [
          [0, 1],
          [0, 1],
        ]);
  x = depthwise(x, `conv_dw_${id}`, stride, stride === 1 ? 'same' : 'valid');
  x = batchNorm(x, `conv_dw_${id}_bn`, EPSILON, MOMENTUM);
  x = relu6(x, `conv_dw_${id}_relu`);
  x = conv(x, `conv_pw_${id}`, filters, 1);
  x = batchNorm(x, `conv_pw_${id}_bn`, EPSILON, MOMENTUM);
  return relu6(x, `conv_pw_${id}_relu`);
}

/** Block of a MobileNet V1 layer name: n for conv_dw_n / conv_pw_n / conv_pad_n. */
export function mobilenetV1Block(layerName: string): number | undefined {
  const match = /^conv_(?:dw|pw|pad)_(\d+)/.exec(layerName);
  return match ? Number(match[1]) : undefined;
}
