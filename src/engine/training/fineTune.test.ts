import * as tf from '../tf.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../common/training.js';
import { buildMobileNetV2 } from '../catalog/mobilenetV2.js';
import {
  registerTrainingKernels,
  useBaselineTrainingKernels,
} from '../kernels/registerTrainingKernels.js';
import { calibrateBatchNorm } from '../testing/calibrateBatchNorm.js';
import type { TrainingCheckpoint } from './checkpoint.js';
import { copyWeightsByLayerName, splitAtFreezeLine } from './fineTune.js';
import { fitOnArrays } from './fitOnArrays.js';
import { attachHead, buildHead } from './head.js';

describe('splitAtFreezeLine', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => tf.disposeVariables());

  it('cuts MobileNet V2 below block 14: cached activations through the copy equal the whole base', () => {
    const base = buildMobileNetV2(0.35, 64);
    const x = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 4);
    calibrateBatchNorm(base, x);
    const split = splitAtFreezeLine(base, 'mobilenet_v2', {
      ...DEFAULT_TRAIN_SETTINGS,
      unfreezeFrom: 14,
    });
    expect(split.cutLayer).toBe('block_13_project_BN');
    expect(split.cutShape).toEqual([2, 2, 56]);
    const lower = tf.model({
      inputs: base.inputs,
      outputs: base.getLayer(split.cutLayer).output as tf.SymbolicTensor,
    });
    const viaCut = split.upper.predict(lower.predict(x) as tf.Tensor) as tf.Tensor;
    const whole = base.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(viaCut.sub(whole))).dataSync()[0]).toBeLessThan(1e-5);
    expect(
      split.upper.layers.filter((l) => l.trainable && l.weights.length > 0).map((l) => l.name)[0],
    ).toBe('block_14_expand');
  });

  it('cuts at a residual block: its input feeds both the block and the shortcut, one tensor', () => {
    const base = buildMobileNetV2(0.35, 64);
    expect(
      splitAtFreezeLine(base, 'mobilenet_v2', { ...DEFAULT_TRAIN_SETTINGS, unfreezeFrom: 15 })
        .cutLayer,
    ).toBe('block_14_add');
    expect(
      splitAtFreezeLine(base, 'mobilenet_v2', { ...DEFAULT_TRAIN_SETTINGS, unfreezeFrom: 'top' })
        .cutLayer,
    ).toBe('block_16_project_BN');
  });

  it('applies single-layer switches: a layer above the line can stay frozen', () => {
    const base = buildMobileNetV2(0.35, 64);
    const split = splitAtFreezeLine(base, 'mobilenet_v2', {
      ...DEFAULT_TRAIN_SETTINGS,
      unfreezeFrom: 14,
      layerOverrides: { block_16_project: false },
    });
    expect(split.upper.getLayer('block_16_project').trainable).toBe(false);
    expect(split.upper.getLayer('block_16_expand').trainable).toBe(true);
  });

  it('copies fine-tuned weights back by layer name', () => {
    const base = buildMobileNetV2(0.35, 64);
    const split = splitAtFreezeLine(base, 'mobilenet_v2', {
      ...DEFAULT_TRAIN_SETTINGS,
      unfreezeFrom: 16,
    });
    const layer = split.upper.getLayer('Conv_1');
    layer.setWeights(layer.getWeights().map((w) => w.add(1)));
    copyWeightsByLayerName(split.upper, base);
    expect(base.getLayer('Conv_1').getWeights()[0]?.dataSync()).toEqual(
      layer.getWeights()[0]?.dataSync(),
    );
  });
});

describe('the fine-tuning copy on the app kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerTrainingKernels('cpu');
  });
  afterEach(() => {
    useBaselineTrainingKernels('cpu', false);
    tf.disposeVariables();
  });

  /** The copy's output and the gradient of Σ w·output for every trainable weight, with kernel names run. */
  async function outputAndGradients(upper: tf.LayersModel, x: tf.Tensor, baseline: boolean) {
    useBaselineTrainingKernels('cpu', baseline);
    let values: Float32Array[] = [];
    const profile = await tf.profile(() => {
      values = tf.tidy(() => {
        const output = upper.apply(x, { training: true }) as tf.Tensor;
        const weights = tf.randomUniform(output.shape, -1, 1, 'float32', 9);
        const { grads } = tf.variableGrads(() =>
          (upper.apply(x, { training: true }) as tf.Tensor).mul(weights).sum(),
        );
        const names = Object.keys(grads).sort();
        return [output, ...names.map((n) => grads[n] as tf.Tensor)].map(
          (t) => t.dataSync() as Float32Array,
        );
      });
    });
    return { values, kernels: new Set(profile.kernels.map((k) => k.name)) };
  }

  it('gives the same output and weight gradients as the layers it copies (BatchNorm folded into its convolution, ReLU6)', async () => {
    const base = buildMobileNetV2(0.35, 64);
    calibrateBatchNorm(base, tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 4));
    const split = splitAtFreezeLine(base, 'mobilenet_v2', {
      ...DEFAULT_TRAIN_SETTINGS,
      unfreezeFrom: 15,
    });
    const x = tf.randomUniform([3, ...split.cutShape], -2, 2, 'float32', 5);
    const reference = await outputAndGradients(split.upper, x, true);
    const fast = await outputAndGradients(split.upper, x, false);
    expect(reference.kernels.has('FusedBatchNorm')).toBe(true);
    expect(fast.kernels.has('FusedBatchNorm')).toBe(false);
    expect(fast.kernels.has('TransferStudioClippedReluGrad')).toBe(true);
    // Output, then every trainable weight's gradient (gamma and beta included).
    expect(fast.values.length).toBe(reference.values.length);
    expect(fast.values.length).toBeGreaterThan(10);
    reference.values.forEach((expected, i) =>
      expect(largeRelativeError(fast.values[i] as Float32Array, expected)).toBeLessThan(1e-4),
    );
  });
});

describe('fine-tuning on the app kernels, resumed', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerTrainingKernels('cpu');
  });
  afterEach(() => tf.disposeVariables());

  it('a fine-tune resumed from its checkpoint after epoch 1 ends exactly as an uninterrupted one', async () => {
    const base = buildMobileNetV2(0.35, 64);
    calibrateBatchNorm(base, tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 4));
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      unfreezeFrom: 15,
      earlyStoppingPatience: 0,
      phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: 3, batchSize: 4, learningRate: 1e-3 },
    };
    const classes = 3;
    const run = async (resume?: TrainingCheckpoint) => {
      const split = splitAtFreezeLine(base, 'mobilenet_v2', settings);
      const size = split.cutShape.reduce((a, b) => a * b, 1);
      const activations = (n: number, seed: number) =>
        tf.tidy(
          () => tf.randomUniform([n * size], -2, 2, 'float32', seed).dataSync() as Float32Array,
        );
      const head = buildHead([1280], settings.head, classes, 42);
      const model = attachHead(split.upper, head, settings.head, classes);
      const saved: TrainingCheckpoint[] = [];
      const result = await fitOnArrays(model, 2, settings.phase2, {
        featureShape: split.cutShape,
        classCount: classes,
        train: { features: activations(10, 6), labels: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0] },
        validation: { features: activations(6, 7), labels: [0, 1, 2, 2, 1, 0] },
        settings,
        checkpoints: {
          store: { save: async (c) => void saved.push(c) },
          ...(resume ? { resume } : {}),
        },
      });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      head.dispose();
      const numbers = result.history.map((m) => [m.epoch, m.loss, m.valLoss, m.accuracy]);
      return { numbers, weights, saved };
    };
    const whole = await run();
    expect(whole.numbers).toHaveLength(3);
    const resumed = await run(whole.saved[0]);
    expect(resumed.numbers).toEqual(whole.numbers);
    expect(resumed.weights).toEqual(whole.weights);
  });
});

/** Largest absolute difference relative to the largest expected magnitude (arrays of any size). */
function largeRelativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i] as number));
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  }
  return worst / scale;
}
