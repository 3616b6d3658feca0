import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { writeTestPack } from '../../testing/packs.js';
import { BUNDLED_PACKS, repoBundledPacksDir } from './bundledPacks.js';
import { importPack } from './importPack.js';
import { loadBasePack } from './loadPack.js';
import { listPacks } from './packStore.js';
import { writeLayersModel } from './writeLayersModel.js';

describe('importPack', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-import-pack-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('validates a pack and copies it into the store under a free name', async () => {
    const source = await writeTestPack(join(dir, 'usb'), 'mobilenet_v2_0.35_96');
    const store = join(dir, 'store');
    await mkdir(store);
    const first = await importPack(source, store);
    const second = await importPack(source, store);
    expect(first.architecture).toBe('mobilenet_v2_0.35_96');
    expect(second.path).toMatch(/\(2\)$/);
    expect((await readdir(store)).filter((n) => !n.startsWith('.'))).toHaveLength(2);
  });

  it('refuses a damaged pack with the reason, and Keras .h5 files with the way to convert them', async () => {
    const damaged = await writeTestPack(join(dir, 'bad'), 'mobilenet_v2_0.35_96');
    const shard = (await readdir(damaged)).find((n) => n.endsWith('.bin')) ?? '';
    await truncate(join(damaged, shard), 100);
    await mkdir(join(dir, 'store2'));
    await expect(importPack(damaged, join(dir, 'store2'))).rejects.toThrow(/truncated|bytes/);
    expect(await readdir(join(dir, 'store2'))).toEqual([]);
    await writeFile(join(dir, 'weights.h5'), 'x');
    await expect(importPack(join(dir, 'weights.h5'), join(dir, 'store2'))).rejects.toThrow(
      /models fetch --from/,
    );
  });
});

/** A small image classifier of no catalog architecture, as someone might have trained and saved. */
function plainClassifier(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  const conv = tf.layers
    .conv2d({ name: 'conv', filters: 8, kernelSize: 3, activation: 'relu' })
    .apply(input) as tf.SymbolicTensor;
  const pool = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor;
  const hidden = tf.layers
    .dense({ name: 'hidden', units: 12, activation: 'relu' })
    .apply(pool) as tf.SymbolicTensor;
  const classes = tf.layers
    .dense({ name: 'classes', units: 3, activation: 'softmax' })
    .apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: classes, name: 'fruit_classifier' });
}

describe('importPack of a plain TF.js model', () => {
  let dir: string;
  let plain: string;
  let original: tf.LayersModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-import-plain-'));
    original = plainClassifier();
    plain = join(dir, 'fruit-classifier');
    await writeLayersModel(original, plain);
  });
  afterAll(async () => {
    original.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('without a feature layer, refuses with the layers to choose from and suggests the pooling layer', async () => {
    const store = join(dir, 'store-none');
    const error = (await importPack(plain, store).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('FEATURE_LAYER_NEEDED');
    expect(error.message).toMatch(/suggested: "pool"/);
    expect(error.details?.['suggested']).toBe('pool');
    expect(error.details?.['featureLayers']).toEqual([
      { name: 'conv', className: 'Conv2D', outputShape: [30, 30, 8] },
      { name: 'pool', className: 'GlobalAveragePooling2D', outputShape: [8] },
      { name: 'hidden', className: 'Dense', outputShape: [12] },
    ]);
    expect(await readdir(store).catch(() => [])).toEqual([]);
  });

  it('with a feature layer, stores a base whose features are that layer’s output', async () => {
    const store = join(dir, 'store-pool');
    const pack = await importPack(plain, store, { featureLayer: 'pool' });
    expect(pack).toMatchObject({ kind: 'tfjs-layers', featureLayer: 'pool' });
    expect(pack.problem).toBeUndefined();
    expect((await listPacks(store)).map((p) => p.featureLayer)).toEqual(['pool']);
    // Training loads the store copy with no layer named: the recorded one is used.
    const base = await loadBasePack(pack.path);
    const images = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 9);
    const cut = tf.model({ inputs: original.inputs, outputs: original.getLayer('pool').output });
    const [features, expected] = [base.model, cut].map((m) => m.predict(images) as tf.Tensor);
    expect(features?.shape).toEqual([2, 8]);
    expect(Array.from(features?.dataSync() ?? [])).toEqual(Array.from(expected?.dataSync() ?? []));
    tf.dispose([images, features, expected]);
    base.model.dispose();
  });

  it('takes a zip of the model too, and stores it as a folder', async () => {
    const zip = join(dir, 'fruit.zip');
    const names = await readdir(plain);
    const entries = await Promise.all(
      names.map(async (name) => ({
        name: `fruit/${name}`,
        data: await readFile(join(plain, name)),
      })),
    );
    await writeFile(zip, writeStoredZip(entries));
    const pack = await importPack(zip, join(dir, 'store-zip'), { featureLayer: 'hidden' });
    expect(pack.path).toBe(join(dir, 'store-zip', 'fruit'));
    expect(pack.featureLayer).toBe('hidden');
  });

  it('refuses a layer the model does not have, or its own output, naming the suggested one', async () => {
    for (const featureLayer of ['pol', 'classes'])
      await expect(
        importPack(plain, join(dir, 'store-bad'), { featureLayer }),
      ).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(
          new RegExp(`no layer "${featureLayer}".*suggested one is "pool"`),
        ) as unknown,
      });
  });

  it('refuses a feature layer for a pack, whose feature layer is fixed', async () => {
    const pack = join(repoBundledPacksDir(), BUNDLED_PACKS.base.folder);
    await expect(
      importPack(pack, join(dir, 'store-pack'), { featureLayer: 'block_3_add' }),
    ).rejects.toThrow(/fixed feature layer/);
  });
});
