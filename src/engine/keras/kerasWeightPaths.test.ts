import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { buildMobileNetV1 } from '../catalog/mobilenetV1.js';
import { buildMobileNetV2 } from '../catalog/mobilenetV2.js';
import { buildResNet50 } from '../catalog/resnet50.js';
import { buildVgg16 } from '../catalog/vgg16.js';
import { kerasModelConfig } from './kerasConfig.js';
import { kerasLayerOrder, kerasWeightPaths, toSnakeCase } from './kerasWeightPaths.js';

describe('toSnakeCase (Keras naming.to_snake_case)', () => {
  it.each([
    ['Conv2D', 'conv2d'],
    ['DepthwiseConv2D', 'depthwise_conv2d'],
    ['BatchNormalization', 'batch_normalization'],
    ['ReLU', 're_lu'],
    ['ZeroPadding2D', 'zero_padding2d'],
    ['GlobalAveragePooling2D', 'global_average_pooling2d'],
    ['MaxPooling2D', 'max_pooling2d'],
    ['InputLayer', 'input_layer'],
    ['Dense', 'dense'],
  ])('%s → %s', (name, snake) => expect(toSnakeCase(name)).toBe(snake));
});

describe('kerasLayerOrder', () => {
  // tfjs-layers ported Keras' map_graph, so its model.layers is an independent reference for ours.
  it.each([
    ['MobileNet V2', () => buildMobileNetV2(0.35, 32)],
    ['MobileNet V1', () => buildMobileNetV1(0.25, 32)],
    ['VGG16', () => buildVgg16(32)],
    ['ResNet50', () => buildResNet50(32)],
  ])('orders %s like model.layers', (_, build) => {
    const model = build();
    const order = kerasLayerOrder(kerasModelConfig(model)).map((layer) => layer.name);
    expect(order).toEqual(model.layers.map((layer) => layer.name));
    model.dispose();
  });

  it('orders by depth from the output, not by the order layers were declared', () => {
    const input = tf.input({ shape: [4], name: 'in' });
    const long1 = tf.layers.dense({ units: 4, name: 'long_1' }).apply(input) as tf.SymbolicTensor;
    const long2 = tf.layers.dense({ units: 4, name: 'long_2' }).apply(long1) as tf.SymbolicTensor;
    const short = tf.layers.dense({ units: 4, name: 'short' }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([short, long2]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: sum });
    const config = kerasModelConfig(model);
    expect(kerasLayerOrder(config).map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    // "short" was declared after long_1 and long_2 but sits at depth 1, with long_2.
    expect(Object.fromEntries(kerasWeightPaths(config))).toEqual({
      in: 'layers/input_layer',
      long_1: 'layers/dense',
      short: 'layers/dense_1',
      long_2: 'layers/dense_2',
      sum: 'layers/add',
    });
    model.dispose();
  });

  it('numbers repeated classes as Keras does: conv2d, conv2d_1, conv2d_2', () => {
    const model = buildVgg16(32);
    const paths = kerasWeightPaths(kerasModelConfig(model));
    expect(paths.get('block1_conv1')).toBe('layers/conv2d');
    expect(paths.get('block1_conv2')).toBe('layers/conv2d_1');
    expect(paths.get('block5_conv3')).toBe('layers/conv2d_12');
    expect(paths.get('block1_pool')).toBe('layers/max_pooling2d');
    model.dispose();
  });
});
