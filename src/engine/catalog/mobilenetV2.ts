import * as tf from '../tf.js';
import {
  batchNorm,
  channels,
  conv,
  correctPad,
  depthwise,
  apply,
  globalAveragePool,
  imageInput,
  makeDivisible,
  relu6,
  spatialSize,
  zeroPad,
  type Sym,
} from './layers.js';

/** keras.applications.MobileNetV2's inverted-residual blocks: [filters, stride, expansion]. */
const BLOCKS: [number, number, number][] = [
  [16, 1, 1],
  [24, 2, 6],
  [24, 1, 6],
  [32, 2, 6],
  [32, 1, 6],
  [32, 1, 6],
  [64, 2, 6],
  [64, 1, 6],
  [64, 1, 6],
  [64, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [160, 2, 6],
  [160, 1, 6],
  [160, 1, 6],
  [320, 1, 6],
];

export const MOBILENET_V2_BLOCK_COUNT = BLOCKS.length;

const EPSILON = 1e-3;
const MOMENTUM = 0.999;

/** MobileNetV2 with include_top=False and pooling='avg', layer for layer as Keras builds it. */
export function buildMobileNetV2(alpha: number, inputSize: number): tf.LayersModel {
  const input = imageInput(inputSize);
  let x = conv(input, 'Conv1', makeDivisible(32 * alpha), 3, { strides: 2 });
  x = batchNorm(x, 'bn_Conv1', EPSILON, MOMENTUM);
  x = relu6(x, 'Conv1_relu');
  BLOCKS.forEach(([filters, stride, expansion], id) => {
    x = invertedResidual(x, {
      filters: makeDivisible(Math.trunc(filters * alpha)),
      stride,
      expansion,
      id,
    });
  });
  const lastFilters = alpha > 1 ? makeDivisible(1280 * alpha) : 1280;
  x = conv(x, 'Conv_1', lastFilters, 1);
  x = batchNorm(x, 'Conv_1_bn', EPSILON, MOMENTUM);
  x = relu6(x, 'out_relu');
  return tf.model({
    inputs: input,
    outputs: globalAveragePool(x),
    name: `mobilenetv2_${alpha}_${inputSize}`,
  });
}

function invertedResidual(
  input: Sym,
  block: { filters: number; stride: number; expansion: number; id: number },
): Sym {
  const inChannels = channels(input);
  let x = input;
  let prefix = `block_${block.id}_`;
  if (block.id === 0) {
    prefix = 'expanded_conv_';
  } else {
    x = conv(x, `${prefix}expand`, block.expansion * inChannels, 1);
    x = batchNorm(x, `${prefix}expand_BN`, EPSILON, MOMENTUM);
    x = relu6(x, `${prefix}expand_relu`);
  }
  if (block.stride === 2) x = zeroPad(x, `${prefix}pad`, correctPad(spatialSize(x)));
  x = depthwise(x, `${prefix}depthwise`, block.stride, block.stride === 1 ? 'same' : 'valid');
  x = batchNorm(x, `${prefix}depthwise_BN`, EPSILON, MOMENTUM);
  x = relu6(x, `${prefix}depthwise_relu`);
  x = conv(x, `${prefix}project`, block.filters, 1);
  x = batchNorm(x, `${prefix}project_BN`, EPSILON, MOMENTUM);
  if (inChannels === block.filters && block.stride === 1) {
    return apply(tf.layers.add({ name: `${prefix}add` }), [input, x]);
  }
  return x;
}

/** Block of a MobileNetV2 layer name: 0 for expanded_conv_*, n for block_n_*. */
export function mobilenetV2Block(layerName: string): number | undefined {
  if (layerName.startsWith('expanded_conv_')) return 0;
  const match = /^block_(\d+)_/.exec(layerName);
  return match ? Number(match[1]) : undefined;
}
