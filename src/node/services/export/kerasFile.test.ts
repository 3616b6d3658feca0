import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import h5wasm from 'h5wasm/node';
import type { Dataset, Group } from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { calibrateBatchNorm, seedWeights } from '../../../engine/testing/calibrateBatchNorm.js';
import { ZipSource } from '../dataset/zipSource.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { kerasFileBytes, loadKerasFile } from './kerasFile.js';

describe('.keras files', () => {
  let dir: string;
  let model: tf.LayersModel;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-keras-'));
    model = buildMobileNetV2(0.35, 32);
    seedWeights(model, 3);
    calibrateBatchNorm(model, tf.randomUniform([4, 32, 32, 3], -1, 1, 'float32', 1));
    path = join(dir, 'model.keras');
    await writeFile(path, await kerasFileBytes(model, new Date('2026-11-29T10:00:00Z')));
  });
  afterAll(async () => {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('is a zip of metadata.json, config.json and model.weights.h5, as Keras 3 saves it', async () => {
    const zip = await ZipSource.open(path);
    try {
      const names = (await zip.list([])).map((child) => child.name);
      expect(names).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
      const metadata = JSON.parse(Buffer.from(await zip.read('metadata.json')).toString());
      expect(metadata).toEqual({ keras_version: '3.6.0', date_saved: '2026-11-29@10:00:00' });
      await writeFile(join(dir, 'weights.h5'), await zip.read('model.weights.h5'));
    } finally {
      await zip.close();
    }
  });

  it("keeps each layer's variables under layers/<class>/vars/<i> in Keras' order", async () => {
    await h5wasm.ready;
    const file = new h5wasm.File(join(dir, 'weights.h5'), 'r');
    try {
      expect(file.keys().sort()).toEqual(['layers', 'vars']);
      const kernel = file.get('layers/conv2d/vars/0') as Dataset;
      expect(kernel.shape).toEqual([3, 3, 3, 16]);
      const stored = kernel.value as Float32Array;
      expect(Array.from(stored.subarray(0, 5))).toEqual(
        Array.from((model.getLayer('Conv1').getWeights()[0]?.dataSync() ?? []).slice(0, 5)),
      );
      const bn = file.get('layers/batch_normalization/vars') as Group;
      expect(bn.keys().sort()).toEqual(['0', '1', '2', '3']);
      expect((file.get('layers/batch_normalization/vars/3') as Dataset).shape).toEqual([16]);
      expect((file.get('layers/re_lu/vars') as Group).keys()).toEqual([]);
      expect((file.get('layers/depthwise_conv2d/vars/0') as Dataset).shape).toEqual([3, 3, 16, 1]);
    } finally {
      file.close();
    }
  });

  it('loads back and predicts exactly what the model predicts', async () => {
    const reloaded = await loadKerasFile(path);
    const input = tf.randomUniform([3, 32, 32, 3], -1, 1, 'float32', 9);
    const [a, b] = [model, reloaded].map(
      (m) => (m.predict(input) as tf.Tensor).dataSync() as Float32Array,
    );
    expect(Array.from(b ?? [])).toEqual(Array.from(a ?? []));
    reloaded.dispose();
    input.dispose();
  });

  it('refuses a file whose weights do not fit its layers, naming the place', async () => {
    const zip = await ZipSource.open(path);
    const [metadata, config, weights] = await Promise.all(
      ['metadata.json', 'config.json', 'model.weights.h5'].map((name) => zip.read(name)),
    );
    await zip.close();
    const edited = JSON.parse(Buffer.from(config ?? []).toString());
    edited.config.layers[1].config.filters = 8;
    const bad = join(dir, 'bad.keras');
    await writeFile(
      bad,
      writeStoredZip([
        { name: 'metadata.json', data: metadata ?? new Uint8Array() },
        { name: 'config.json', data: Buffer.from(JSON.stringify(edited)) },
        { name: 'model.weights.h5', data: weights ?? new Uint8Array() },
      ]),
    );
    await expect(loadKerasFile(bad)).rejects.toThrow(
      /layers\/conv2d\/vars\/0 has shape \[3,3,3,16\]/,
    );
  });
});
