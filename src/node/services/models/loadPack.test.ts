import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PackManifest } from '../../../common/modelPack.js';
import { catalogEntry } from '../../../engine/catalog/catalog.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { writePlainCnnBase } from '../../testing/packs.js';
import { loadBasePack } from './loadPack.js';
import { writeLayersModel } from './writeLayersModel.js';

const ARCH = 'mobilenet_v2_0.35_96';
const manifest: PackManifest = {
  format: 'transfer-studio-model-pack',
  version: 1,
  architecture: ARCH,
  name: 'Test pack',
  source: 'built by the test',
  license: 'Apache-2.0',
};

function input(size = 96): tf.Tensor4D {
  return tf.randomUniform([2, size, size, 3], -1, 1, 'float32', 11) as tf.Tensor4D;
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0] ?? Infinity);
}

/** A Teachable-Machine-like export: the MobileNetV2 backbone plus a two-layer head, with TM's metadata. */
function teachableModel(): tf.LayersModel {
  const backbone = catalogEntry(ARCH).build();
  const features = backbone.outputs[0] as tf.SymbolicTensor;
  const hidden = tf.layers
    .dense({ units: 100, activation: 'relu', name: 'dense_Dense1' })
    .apply(features);
  const out = tf.layers
    .dense({ units: 3, activation: 'softmax', name: 'dense_Dense2' })
    .apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: backbone.inputs, outputs: out });
}

const TM_METADATA = JSON.stringify({
  tmVersion: '2.4.4',
  packageName: '@teachablemachine/image',
  labels: ['a', 'b', 'c'],
  imageSize: 96,
});

describe('loadBasePack', () => {
  let dir: string;
  let packDir: string;
  let original: tf.LayersModel;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-packs-'));
    original = catalogEntry(ARCH).build();
    packDir = join(dir, 'pack');
    await writeLayersModel(original, packDir, {
      shardBytes: 500_000,
      extraFiles: { 'manifest.json': JSON.stringify(manifest) },
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => tf.disposeVariables());

  it('loads a pack into its catalog architecture with identical outputs', async () => {
    original = catalogEntry(ARCH).build();
    const path = join(dir, 'pack-identical');
    await writeLayersModel(original, path, {
      shardBytes: 500_000,
      extraFiles: { 'manifest.json': JSON.stringify(manifest) },
    });
    const base = await loadBasePack(path);
    expect(base).toMatchObject({
      kind: 'pack',
      family: 'mobilenet_v2',
      architecture: ARCH,
      name: 'Test pack',
      droppedWeights: [],
    });
    expect(base.model.countParams()).toBe(410_208);
    const x = input();
    expect(
      maxDifference(original.predict(x) as tf.Tensor, base.model.predict(x) as tf.Tensor),
    ).toBe(0);
  });

  it('reads the same pack from a zip (files at the root or in one folder)', async () => {
    const names = [
      'model.json',
      'manifest.json',
      'group1-shard1of4.bin',
      'group1-shard2of4.bin',
      'group1-shard3of4.bin',
      'group1-shard4of4.bin',
    ];
    const entries = await Promise.all(
      names.map(async (name) => ({
        name: `pack/${name}`,
        data: await readFile(join(packDir, name)),
      })),
    );
    const zip = join(dir, 'pack.zip');
    await writeFile(zip, writeStoredZip(entries));
    const base = await loadBasePack(zip);
    expect(base.architecture).toBe(ARCH);
  });

  it('extracts the backbone of a Teachable Machine export and drops its old head', async () => {
    const tm = teachableModel();
    const path = join(dir, 'tm');
    await writeLayersModel(tm, path, { extraFiles: { 'metadata.json': TM_METADATA } });
    const base = await loadBasePack(path);
    expect(base).toMatchObject({
      kind: 'teachable-machine',
      family: 'mobilenet_v2',
      architecture: ARCH,
    });
    expect(base.droppedWeights.sort()).toEqual([
      'dense_Dense1/bias',
      'dense_Dense1/kernel',
      'dense_Dense2/bias',
      'dense_Dense2/kernel',
    ]);
    const x = input();
    const backboneOut = tf.model({
      inputs: tm.inputs,
      outputs: tm.getLayer('global_average_pooling2d').output as tf.SymbolicTensor,
    });
    expect(
      maxDifference(backboneOut.predict(x) as tf.Tensor, base.model.predict(x) as tf.Tensor),
    ).toBe(0);
  });

  it('cuts a plain TF.js model at the chosen feature layer, and asks for one when not given', async () => {
    const path = await writePlainCnnBase(join(dir, 'plain'));
    await expect(loadBasePack(path)).rejects.toThrow(/Choose the feature layer .*block2_pool/);
    const base = await loadBasePack(path, { featureLayer: 'block2_conv' });
    expect(base).toMatchObject({ kind: 'tfjs-layers', family: 'custom' });
    expect(base.model.outputs[0]?.shape).toEqual([null, 32]);
  });

  describe('refuses a damaged or tampered pack with a message naming the problem', () => {
    async function tampered(
      name: string,
      change: (
        modelJson: { weightsManifest: { paths: string[]; weights: { name: string }[] }[] },
        folder: string,
      ) => Promise<void> | void,
    ): Promise<string> {
      const folder = join(dir, name);
      await writeLayersModel(catalogEntry(ARCH).build(), folder, {
        shardBytes: 500_000,
        extraFiles: { 'manifest.json': JSON.stringify(manifest) },
      });
      const modelJson = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
      await change(modelJson, folder);
      await writeFile(join(folder, 'model.json'), JSON.stringify(modelJson));
      return folder;
    }

    it('a truncated shard', async () => {
      const path = await tampered('truncated', async (_json, folder) => {
        const shard = join(folder, 'group1-shard4of4.bin');
        const bytes = await readFile(shard);
        await writeFile(shard, bytes.subarray(0, bytes.length - 100));
      });
      await expect(loadBasePack(path)).rejects.toThrow(
        /declares 1640832 bytes but its shards hold 1640732 \(truncated\)/,
      );
    });

    it('weights holding NaN: one clear error when loading, not a failed training later', async () => {
      const path = await tampered('nan', async (_json, folder) => {
        const shard = join(folder, 'group1-shard2of4.bin');
        const bytes = await readFile(shard);
        bytes.writeFloatLE(NaN, 4000);
        await writeFile(shard, bytes);
      });
      await expect(loadBasePack(path)).rejects.toThrow(
        /weight "[^"]+" holds NaN or infinite values: the pack is damaged/,
      );
    });

    it('a duplicated weight name', async () => {
      const path = await tampered('duplicate', (json) => {
        const weights = json.weightsManifest[0]?.weights ?? [];
        if (weights[1] && weights[0]) weights[1].name = weights[0].name;
      });
      await expect(loadBasePack(path)).rejects.toThrow(/weight name "Conv1\/kernel" appears twice/);
    });

    it('a shard path that climbs out of the pack', async () => {
      const path = await tampered('slip', (json) => {
        const group = json.weightsManifest[0];
        if (group) group.paths[0] = '../group1-shard1of4.bin';
      });
      await expect(loadBasePack(path)).rejects.toThrow(
        /shard path "\.\.\/group1-shard1of4\.bin" must be a plain file name/,
      );
    });

    it('a missing shard', async () => {
      const path = await tampered('missing', async (_json, folder) => {
        await rm(join(folder, 'group1-shard2of4.bin'));
      });
      await expect(loadBasePack(path)).rejects.toThrow(/shard "group1-shard2of4.bin" is missing/);
    });

    it('a manifest naming an unknown architecture', async () => {
      const path = await tampered('unknown-arch', async (_json, folder) => {
        await writeFile(
          join(folder, 'manifest.json'),
          JSON.stringify({ ...manifest, architecture: 'mobilenet_v7' }),
        );
      });
      await expect(loadBasePack(path)).rejects.toThrow(/Unknown base model "mobilenet_v7"/);
    });

    it('weights of another architecture', async () => {
      const path = await tampered('wrong-arch', async (_json, folder) => {
        await writeFile(
          join(folder, 'manifest.json'),
          JSON.stringify({ ...manifest, architecture: 'mobilenet_v2_0.5_96' }),
        );
      });
      await expect(loadBasePack(path)).rejects.toThrow(
        /The weights do not fit mobilenetv2_0.5_96: block_1_project\/kernel is \[1, 1, 48, 8\], expected \[1, 1, 48, 16\]/,
      );
    });

    it('a TF.js graph model', async () => {
      const path = join(dir, 'graph');
      await writeLayersModel(catalogEntry(ARCH).build(), path);
      const json = JSON.parse(await readFile(join(path, 'model.json'), 'utf8'));
      await writeFile(join(path, 'model.json'), JSON.stringify({ ...json, format: 'graph-model' }));
      await expect(loadBasePack(path)).rejects.toThrow(/graph model/);
    });

    it('a folder without model.json, and a path that does not exist', async () => {
      await expect(loadBasePack(dir)).rejects.toThrow(/no model.json/);
      await expect(loadBasePack(join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
