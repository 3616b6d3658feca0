import * as tf from '../tf.js';
import {
  apply,
  batchNorm,
  conv,
  globalAveragePool,
  imageInput,
  relu,
  zeroPad,
  type Sym,
} from './layers.js';

/** keras.applications.ResNet50 (v1) stages: [name, filters, blocks, first stride]. */
const STAGES: [string, number, number, number][] = [
  ['conv2', 64, 3, 1],
  ['conv3', 128, 4, 2],
  ['conv4', 256, 6, 2],
  ['conv5', 512, 3, 2],
];

export const RESNET50_STAGES = STAGES.map(([name]) => name);

const EPSILON = 1.001e-5;
const MOMENTUM = 0.99;

/** ResNet50 with include_top=False and pooling='avg'; convolutions keep their biases as in Keras. */
export function buildResNet50(inputSize: number): tf.LayersModel {
  const input = imageInput(inputSize);
  let x = zeroPad(input, 'conv1_pad', [
    [3, 3],
    [3, 3],
  ]);
  x = conv(x, 'conv1_conv', 64, 7, { strides: 2, padding: 'valid', useBias: true });
  x = batchNorm(x, 'conv1_bn', EPSILON, MOMENTUM);
  x = relu(x, 'conv1_relu');
  x = zeroPad(x, 'pool1_pad', [
    [1, 1],
    [1, 1],
  ]);
  x = apply(tf.layers.maxPooling2d({ name: 'pool1_pool', poolSize: 3, strides: 2 }), x);
  for (const [stage, filters, blocks, stride] of STAGES) {
    x = bottleneck(x, `${stage}_block1`, filters, stride, true);
    for (let b = 2; b <= blocks; b++) x = bottleneck(x, `${stage}_block${b}`, filters, 1, false);
  }
  return tf.model({ inputs: input, outputs: globalAveragePool(x), name: `resnet50_${inputSize}` });
}

function bottleneck(
  input: Sym,
  name: string,
  filters: number,
  stride: number,
  projectShortcut: boolean,
): Sym {
  let shortcut = input;
  if (projectShortcut) {
    shortcut = conv(input, `${name}_0_conv`, 4 * filters, 1, { strides: stride, useBias: true });
    shortcut = batchNorm(shortcut, `${name}_0_bn`, EPSILON, MOMENTUM);
  }
  let x = conv(input, `${name}_1_conv`, filters, 1, { strides: stride, useBias: true });
  x = relu(batchNorm(x, `${name}_1_bn`, EPSILON, MOMENTUM), `${name}_1_relu`);
  x = conv(x, `${name}_2_conv`, filters, 3, { useBias: true });
  x = relu(batchNorm(x, `${name}_2_bn`, EPSILON, MOMENTUM), `${name}_2_relu`);
  x = conv(x, `${name}_3_conv`, 4 * filters, 1, { useBias: true });
  x = batchNorm(x, `${name}_3_bn`, EPSILON, MOMENTUM);
  x = apply(tf.layers.add({ name: `${name}_add` }), [shortcut, x]);
  return relu(x, `${name}_out`);
}

/** Stage of a ResNet50 layer name: 2..5 for conv2_* .. conv5_*. */
export function resnet50Stage(layerName: string): number | undefined {
  const match = /^conv([2-5])_block/.exec(layerName);
  return match ? Number(match[1]) : undefined;
}
