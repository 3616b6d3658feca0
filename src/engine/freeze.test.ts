import * as tf from './tf.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FREEZE_ALL, type FreezePlan } from '../common/models.js';
import { buildMobileNetV2 } from './catalog/mobilenetV2.js';
import { summarizeModel } from './catalog/summary.js';
import { applyFreezePlan } from './freeze.js';

const plan = (unfreeze: FreezePlan['unfreeze'], extra: Partial<FreezePlan> = {}): FreezePlan => ({
  unfreeze,
  overrides: {},
  batchNorm: 'inference',
  ...extra,
});

function weightOf(model: tf.LayersModel, layer: string, index = 0): Float32Array {
  return model.getLayer(layer).getWeights()[index]?.dataSync() as Float32Array;
}

describe('applyFreezePlan', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => tf.disposeVariables());

  it('freezes everything: nothing trains', () => {
    const base = buildMobileNetV2(0.35, 32);
    applyFreezePlan(base, 'mobilenet_v2', FREEZE_ALL);
    const summary = summarizeModel(base, 'mobilenet_v2');
    expect(summary.trainableParams).toBe(0);
    expect(summary.nonTrainableParams).toBe(410_208);
    expect(summary.rows.filter((r) => r.inferenceMode === false)).toEqual([]);
  });

  it('unfreezes from a block to the top, and by layer name', () => {
    const base = buildMobileNetV2(0.35, 32);
    applyFreezePlan(base, 'mobilenet_v2', plan({ kind: 'from-block', block: 16 }));
    const trainable = base.layers.filter((l) => l.trainable).map((l) => l.name);
    expect(trainable[0]).toBe('block_16_expand');
    expect(trainable).toContain('Conv_1');
    expect(base.getLayer('block_15_project').trainable).toBe(false);
    const byLayer = buildMobileNetV2(0.35, 32);
    applyFreezePlan(
      byLayer,
      'mobilenet_v2',
      plan({ kind: 'from-layer', layer: 'block_16_expand' }),
    );
    expect(summarizeModel(byLayer, 'mobilenet_v2').trainableParams).toBe(
      summarizeModel(base, 'mobilenet_v2').trainableParams,
    );
  });

  it('applies per-layer overrides after the block rule', () => {
    const base = buildMobileNetV2(0.35, 32);
    applyFreezePlan(
      base,
      'mobilenet_v2',
      plan({ kind: 'from-block', block: 'top' }, { overrides: { Conv_1: false, Conv1: true } }),
    );
    expect(base.getLayer('Conv_1').trainable).toBe(false);
    expect(base.getLayer('Conv1').trainable).toBe(true);
    expect(base.getLayer('Conv_1_bn').trainable).toBe(true);
  });

  it('rejects blocks and layers that do not exist, naming the valid ones', () => {
    const base = buildMobileNetV2(0.35, 32);
    expect(() =>
      applyFreezePlan(base, 'mobilenet_v2', plan({ kind: 'from-block', block: 40 })),
    ).toThrow(/blocks are 0, 1, .* 16 and top/);
    expect(() =>
      applyFreezePlan(base, 'mobilenet_v2', plan({ kind: 'none' }, { overrides: { nope: true } })),
    ).toThrow(/No such layers: nope/);
  });

  it('unfreezes nothing from the top of a model without blocks (a plain TF.js model)', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const conv = tf.layers.conv2d({ name: 'conv', filters: 4, kernelSize: 3 }).apply(input);
    const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv);
    const base = tf.model({ inputs: input, outputs: pooled as tf.SymbolicTensor });
    applyFreezePlan(base, 'custom', plan({ kind: 'from-block', block: 'top' }));
    expect(base.layers.filter((l) => l.trainable)).toEqual([]);
    expect(() => applyFreezePlan(base, 'custom', plan({ kind: 'from-block', block: 3 }))).toThrow(
      /No block 3/,
    );
  });

  async function fitOnce(base: tf.LayersModel): Promise<tf.LayersModel> {
    const features = base.outputs[0] as tf.SymbolicTensor;
    const head = tf.layers
      .dense({ units: 2, activation: 'softmax', name: 'head' })
      .apply(features) as tf.SymbolicTensor;
    const model = tf.model({ inputs: base.inputs, outputs: head });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([4, 32, 32, 3], 0, 1, 'float32', 7);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    tf.dispose([x, y]);
    return model;
  }

  it('keeps frozen weights and BatchNorm statistics fixed while training the rest', async () => {
    const base = buildMobileNetV2(0.35, 32);
    applyFreezePlan(base, 'mobilenet_v2', plan({ kind: 'from-block', block: 16 }));
    const before = {
      frozenKernel: weightOf(base, 'Conv1'),
      frozenMean: weightOf(base, 'bn_Conv1', 2),
      unfrozenMean: weightOf(base, 'block_16_project_BN', 2),
    };
    const model = await fitOnce(base);
    // Randomly initialised, 17 blocks deep, the activations reaching the top are ~1e-11, so the
    // unfrozen base weights move below float precision; which weights train is checked by name.
    const trained = model.trainableWeights.map((w) => w.originalName.split('/')[0]);
    expect(new Set(trained)).toEqual(
      new Set([
        ...base.layers
          .slice(base.layers.findIndex((l) => l.name === 'block_16_expand'))
          .filter((l) => l.trainableWeights.length > 0)
          .map((l) => l.name),
        'head',
      ]),
    );
    expect(weightOf(base, 'Conv1')).toEqual(before.frozenKernel);
    expect(weightOf(base, 'bn_Conv1', 2)).toEqual(before.frozenMean);
    expect(weightOf(base, 'block_16_project_BN', 2)).toEqual(before.unfrozenMean);
  });

  it("lets unfrozen BatchNorm layers update their statistics with batchNorm: 'train'", async () => {
    const base = buildMobileNetV2(0.35, 32);
    applyFreezePlan(
      base,
      'mobilenet_v2',
      plan({ kind: 'from-block', block: 16 }, { batchNorm: 'train' }),
    );
    const frozenMean = weightOf(base, 'bn_Conv1', 2);
    const unfrozenMean = weightOf(base, 'block_16_project_BN', 2);
    await fitOnce(base);
    expect(weightOf(base, 'block_16_project_BN', 2)).not.toEqual(unfrozenMean);
    expect(weightOf(base, 'bn_Conv1', 2)).toEqual(frozenMean);
    const rows = summarizeModel(base, 'mobilenet_v2').rows;
    expect(rows.find((r) => r.name === 'block_16_project_BN')?.inferenceMode).toBe(false);
    expect(rows.find((r) => r.name === 'bn_Conv1')?.inferenceMode).toBe(true);
  });
});
