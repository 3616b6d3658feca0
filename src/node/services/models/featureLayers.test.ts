import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_PACKS, repoBundledPacksDir } from './bundledPacks.js';
import { featureLayerChoice } from './featureLayers.js';
import { loadFullLayersModel } from './loadPack.js';

describe('featureLayerChoice', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('suggests MobileNet V1’s global pooling, before its ImageNet classifier', async () => {
    const model = await loadFullLayersModel(
      join(repoBundledPacksDir(), BUNDLED_PACKS.classifier.folder),
    );
    const { candidates, suggested } = featureLayerChoice(model);
    expect(suggested).toBe('global_average_pooling2d_1');
    expect(candidates.find((c) => c.name === suggested)?.outputShape).toEqual([768]);
    // Its own output (the 1000 class probabilities) is what transfer learning replaces.
    expect(candidates.map((c) => c.name)).not.toContain(model.outputLayers[0]?.name);
    expect(candidates.some((c) => c.className === 'InputLayer')).toBe(false);
    model.dispose();
  });

  it('suggests the Flatten of a classic CNN, and the last layer when nothing pools', () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const conv = tf.layers.conv2d({ name: 'c1', filters: 4, kernelSize: 3 }).apply(input);
    const pooled = tf.layers.maxPooling2d({ name: 'p1', poolSize: 2 }).apply(conv);
    const flat = tf.layers.flatten({ name: 'flat' }).apply(pooled);
    const hidden = tf.layers.dense({ name: 'd1', units: 32 }).apply(flat);
    const out = tf.layers.dense({ name: 'out', units: 10 }).apply(hidden) as tf.SymbolicTensor;
    const cnn = tf.model({ inputs: input, outputs: out });
    expect(featureLayerChoice(cnn).suggested).toBe('flat');
    expect(featureLayerChoice(cnn).candidates.map((c) => c.outputShape)).toEqual([
      [26, 26, 4],
      [13, 13, 4],
      [676],
      [32],
    ]);
    const dense = tf.layers.dense({ name: 'only', units: 6 }).apply(input);
    const head = tf.layers.dense({ name: 'head', units: 2 }).apply(dense) as tf.SymbolicTensor;
    expect(featureLayerChoice(tf.model({ inputs: input, outputs: head })).suggested).toBe('only');
    cnn.dispose();
  });
});
