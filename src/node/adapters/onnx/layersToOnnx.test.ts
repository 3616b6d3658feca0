import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { buildResNet50 } from '../../../engine/catalog/resnet50.js';
import { buildVgg16 } from '../../../engine/catalog/vgg16.js';
import { layersModelToOnnx } from '../../../engine/onnx/layersToOnnx.js';
import { buildSmallCnn } from '../../../engine/smallCnn.js';
import { calibrateBatchNorm, seedWeights } from '../../../engine/testing/calibrateBatchNorm.js';
import { OrtRunner } from './ortSession.js';

function randomImages(size: number, n = 3): tf.Tensor4D {
  return tf.randomUniform([n, size, size, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
}

/** Runs the model in tfjs and its ONNX graph in onnxruntime-node on the same input. */
async function compare(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  outputLayer?: string,
): Promise<{ maxAbs: number; scale: number; dims: readonly number[] }> {
  const onnx = layersModelToOnnx(model, outputLayer ? { outputLayer } : {});
  const runner = await OrtRunner.create(onnx, { threads: 1 });
  const reference = outputLayer
    ? tf.model({
        inputs: model.inputs,
        outputs: model.getLayer(outputLayer).output as tf.SymbolicTensor,
      })
    : model;
  const expected = (reference.predict(x) as tf.Tensor).dataSync();
  const actual = await runner.run(x.dataSync() as Float32Array, x.shape);
  await runner.release();
  expect(actual.data.length).toBe(expected.length);
  let maxAbs = 0;
  let scale = 0;
  expected.forEach((v, i) => {
    maxAbs = Math.max(maxAbs, Math.abs(v - (actual.data[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(v));
  });
  return { maxAbs, scale, dims: actual.dims };
}

describe('ONNX writer, checked with onnxruntime-node against tfjs', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterEach(() => tf.disposeVariables());

  // Bounds are relative to the largest feature. Measured: MobileNets 2e-5 to 5e-5 (features up to
  // ~2 after calibration, so below 1e-4 absolute too); ResNet50 2e-4, where tfjs' own wasm and cpu
  // backends already disagree by 1.4e-4 on the same calibrated model (float32 summation order
  // through 53 convolutions); VGG16 (no BatchNorm to calibrate) 3e-6.
  it.each([
    ['MobileNetV2 0.35', () => buildMobileNetV2(0.35, 96), 96, 1e-4],
    ['MobileNetV2 1.3', () => buildMobileNetV2(1.3, 64), 64, 1e-4],
    ['MobileNet V1 0.5', () => buildMobileNetV1(0.5, 96), 96, 1e-4],
    ['ResNet50', () => buildResNet50(64), 64, 5e-4],
    ['VGG16', () => buildVgg16(32), 32, 1e-4],
  ])(
    '%s: same features as tfjs (relative max diff < %s)',
    async (_name, build, size, tolerance) => {
      const model = build();
      const x = randomImages(size);
      seedWeights(model, 11);
      calibrateBatchNorm(model, x);
      const { maxAbs, scale } = await compare(model, x);
      expect(scale).toBeGreaterThan(1e-4);
      expect(maxAbs / scale).toBeLessThan(tolerance);
    },
  );

  it('writes the base cut at the freeze line, NHWC out like tfjs', async () => {
    const model = buildMobileNetV2(0.35, 96);
    const x = randomImages(96);
    seedWeights(model, 12);
    calibrateBatchNorm(model, x);
    const { maxAbs, scale, dims } = await compare(model, x, 'block_13_expand_relu');
    expect(dims).toEqual([3, 6, 6, 192]);
    expect(scale).toBeGreaterThan(0.1);
    expect(maxAbs / scale).toBeLessThan(1e-4);
  });

  it('writes a whole classifier: base, pooling, dense, dropout, softmax', async () => {
    const base = buildMobileNetV2(0.35, 96);
    const features = base.outputs[0] as tf.SymbolicTensor;
    const hidden = tf.layers
      .dense({ units: 16, activation: 'relu', name: 'head_dense' })
      .apply(features);
    const dropped = tf.layers.dropout({ rate: 0.5, name: 'head_dropout' }).apply(hidden);
    const probabilities = tf.layers
      .dense({ units: 4, activation: 'softmax', name: 'head_out' })
      .apply(dropped) as tf.SymbolicTensor;
    const model = tf.model({ inputs: base.inputs, outputs: probabilities });
    const x = randomImages(96);
    seedWeights(model, 14);
    calibrateBatchNorm(model, x);
    const { maxAbs, dims } = await compare(model, x);
    expect(dims).toEqual([3, 4]);
    expect(maxAbs).toBeLessThan(1e-5);
  });

  it('flattens in NHWC order like Keras (a CNN with a Flatten → Dense head)', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [12, 12, 3],
          filters: 4,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          activation: 'relu',
        }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: 'softmax' }),
      ],
    });
    const { maxAbs } = await compare(model, randomImages(12));
    expect(maxAbs).toBeLessThan(1e-5);
  });

  it('handles the small from-scratch CNN (global max pooling)', async () => {
    const { maxAbs } = await compare(
      buildSmallCnn({ inputSize: 32, classCount: 3 }),
      randomImages(32),
    );
    expect(maxAbs).toBeLessThan(1e-5);
  });

  it('refuses a layer it cannot write, naming it', () => {
    const model = tf.sequential({
      layers: [tf.layers.lstm({ inputShape: [4, 3], units: 2, name: 'memory' })],
    });
    expect(() => layersModelToOnnx(model)).toThrow(/does not support LSTM layers \(memory\)/);
  });
});

describe('OrtRunner execution providers', () => {
  it('falls back to the CPU and says why when a preferred provider is unavailable', async () => {
    const runner = await OrtRunner.create(
      layersModelToOnnx(buildSmallCnn({ inputSize: 8, classCount: 2, filters: [2] })),
      { preferredProviders: ['no-such-provider'] },
    );
    expect(runner.provider).toBe('cpu');
    expect(runner.providerNote).toMatch(/no-such-provider/);
    await runner.release();
  });
});
