import * as tf from '../tf.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../common/training.js';
import { buildMobileNetV2 } from '../catalog/mobilenetV2.js';
import { calibrateBatchNorm } from '../testing/calibrateBatchNorm.js';
import { copyWeightsByLayerName, splitAtFreezeLine } from './fineTune.js';

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
