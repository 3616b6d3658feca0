import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../catalog/mobilenetV2.js';
import { buildResNet50 } from '../catalog/resnet50.js';
import { applyHead } from '../training/head.js';
import { modelFromKerasConfig } from './fromKerasConfig.js';
import { kerasModelConfig } from './kerasConfig.js';

function classifier(): tf.LayersModel {
  const base = buildMobileNetV2(0.35, 32);
  base.layers.slice(0, 20).forEach((layer) => (layer.trainable = false));
  const output = applyHead(
    base.outputs[0] as tf.SymbolicTensor,
    { pooling: 'average', hidden: [8], dropout: 0.2 },
    3,
    1,
  );
  return tf.model({ inputs: base.inputs, outputs: output, name: 'classifier' });
}

describe('kerasModelConfig', () => {
  it("writes a Keras 3 Functional config: modules, KerasTensor arguments, Keras' argument names", () => {
    const model = classifier();
    const config = kerasModelConfig(model);
    expect(config).toMatchObject({
      module: 'keras.src.models.functional',
      class_name: 'Functional',
      registered_name: 'Functional',
      config: { name: 'classifier', input_layers: ['input_1', 0, 0] },
    });
    expect(config.config.output_layers).toEqual(['head_predictions', 0, 0]);
    const layers = new Map(config.config.layers.map((layer) => [layer.name, layer]));
    expect(layers.get('input_1')?.config).toEqual({
      name: 'input_1',
      dtype: 'float32',
      batch_shape: [null, 32, 32, 3],
      sparse: false,
    });
    const conv = layers.get('Conv1');
    expect(conv).toMatchObject({ module: 'keras.layers', class_name: 'Conv2D' });
    expect(conv?.config).toEqual({
      name: 'Conv1',
      trainable: false,
      dtype: 'float32',
      filters: 16,
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: 'same',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: 'linear',
      use_bias: false,
    });
    expect(conv?.inbound_nodes).toEqual([
      {
        args: [
          {
            class_name: '__keras_tensor__',
            config: {
              shape: [null, 32, 32, 3],
              dtype: 'float32',
              keras_history: ['input_1', 0, 0],
            },
          },
        ],
        kwargs: {},
      },
    ]);
    // Add takes its two inputs as one list argument, as Keras records the call add([a, b]).
    const add = layers.get('block_2_add');
    expect(add?.inbound_nodes[0]?.args).toHaveLength(1);
    expect((add?.inbound_nodes[0]?.args[0] as unknown[]).length).toBe(2);
    expect(layers.get('Conv1_relu')?.config).toMatchObject({ max_value: 6 });
    expect(layers.get('head_predictions')?.config).toMatchObject({
      units: 3,
      activation: 'softmax',
      trainable: true,
    });
    // Nothing Keras 3's constructors would reject (tfjs' initialisers are Keras 2 shaped).
    expect(JSON.stringify(config)).not.toMatch(/initializer|regularizer|constraint/);
    model.dispose();
  });

  it('refuses a layer it cannot write, naming it', () => {
    const input = tf.input({ shape: [4] });
    const output = tf.layers.leakyReLU({ name: 'leaky' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    expect(() => kerasModelConfig(model)).toThrow(/LeakyReLU layers \(leaky\)/);
  });
});

describe('modelFromKerasConfig', () => {
  it.each([
    ['MobileNet V2 with a head', classifier],
    ['ResNet50', () => buildResNet50(32)],
  ])('rebuilds %s with the same layers, shapes and trainable flags', async (_, build) => {
    const model = build();
    const rebuilt = await modelFromKerasConfig(kerasModelConfig(model));
    const describe = (m: tf.LayersModel) =>
      m.layers.map((l) => [l.name, l.getClassName(), String(l.outputShape), l.trainable]);
    expect(describe(rebuilt)).toEqual(describe(model));
    expect(rebuilt.countParams()).toBe(model.countParams());
    model.dispose();
    rebuilt.dispose();
  });
});
