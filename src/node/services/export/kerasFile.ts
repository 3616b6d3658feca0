import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import h5wasm from 'h5wasm/node';
import type { Dataset, Group } from 'h5wasm/node';
import { AppError } from '../../../common/errors.js';
import { modelFromKerasConfig } from '../../../engine/keras/fromKerasConfig.js';
import { kerasModelConfig, type KerasModelConfig } from '../../../engine/keras/kerasConfig.js';
import { kerasWeightPaths } from '../../../engine/keras/kerasWeightPaths.js';
import { ZipSource } from '../dataset/zipSource.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';

/** The Keras version whose `.keras` layout this writes (the format has been stable across 3.x). */
export const KERAS_FORMAT_VERSION = '3.6.0';

/**
 * A Keras 3 `.keras` file of a tfjs model: a zip of `metadata.json`, `config.json` and
 * `model.weights.h5`, laid out as `keras.saving.save_model` writes it.
 */
export async function kerasFileBytes(model: tf.LayersModel, savedAt = new Date()): Promise<Buffer> {
  const config = kerasModelConfig(model);
  const weights = await withTempFile('model.weights.h5', async (path) => {
    await writeWeightsH5(model, config, path);
    return readFile(path);
  });
  const metadata = { keras_version: KERAS_FORMAT_VERSION, date_saved: kerasDate(savedAt) };
  return writeStoredZip([
    { name: 'metadata.json', data: Buffer.from(JSON.stringify(metadata)) },
    { name: 'config.json', data: Buffer.from(JSON.stringify(config)) },
    { name: 'model.weights.h5', data: weights },
  ]);
}

/** Loads a `.keras` file written by `kerasFileBytes` back into tfjs (config and weights). */
export async function loadKerasFile(path: string): Promise<tf.LayersModel> {
  const zip = await ZipSource.open(path);
  let config: KerasModelConfig;
  let weights: Uint8Array;
  try {
    config = JSON.parse(Buffer.from(await zip.read('config.json')).toString('utf8'));
    weights = await zip.read('model.weights.h5');
  } finally {
    await zip.close();
  }
  const model = await modelFromKerasConfig(config);
  try {
    await withTempFile('model.weights.h5', async (h5Path) => {
      await writeFile(h5Path, weights);
      await readWeightsH5(model, config, h5Path);
    });
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function writeWeightsH5(
  model: tf.LayersModel,
  config: KerasModelConfig,
  path: string,
): Promise<void> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'w');
  try {
    file.create_group('vars');
    const layersGroup = file.create_group('layers');
    for (const [layerName, groupPath] of kerasWeightPaths(config)) {
      const vars = layersGroup.create_group(groupPath.slice('layers/'.length)).create_group('vars');
      model
        .getLayer(layerName)
        .getWeights()
        .forEach((weight, index) => {
          vars.create_dataset({
            name: String(index),
            data: weight.dataSync() as Float32Array,
            shape: weight.shape,
            dtype: '<f',
          });
        });
    }
  } finally {
    file.close();
  }
}

async function readWeightsH5(
  model: tf.LayersModel,
  config: KerasModelConfig,
  path: string,
): Promise<void> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  if (file.file_id < 0n) throw new AppError('INVALID_ARGUMENT', 'model.weights.h5 is not readable');
  try {
    for (const [layerName, groupPath] of kerasWeightPaths(config)) {
      const layer = model.getLayer(layerName);
      const expected = layer.weights.length;
      const vars = file.get(`${groupPath}/vars`) as Group | null;
      const found = vars ? vars.keys().length : 0;
      if (found !== expected)
        throw new AppError(
          'INVALID_ARGUMENT',
          `${groupPath}/vars holds ${found} weights, layer ${layerName} has ${expected}`,
        );
      if (expected === 0) continue;
      const datasets = layer.weights.map((variable, index) => {
        const dataset = vars?.get(String(index)) as Dataset;
        const shape = dataset.shape ?? [];
        if (shape.join() !== variable.shape.join())
          throw new AppError(
            'INVALID_ARGUMENT',
            `${groupPath}/vars/${index} has shape [${shape}], ${variable.name} needs [${variable.shape}]`,
          );
        return { values: dataset.value as Float32Array, shape };
      });
      const values = datasets.map((d) => tf.tensor(d.values, d.shape, 'float32'));
      layer.setWeights(values);
      tf.dispose(values);
    }
  } finally {
    file.close();
  }
}

async function withTempFile<T>(name: string, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'transfer-studio-keras-'));
  try {
    return await use(join(dir, name));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Keras' own `date_saved` format: 2026-11-29@11:28:00. */
function kerasDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', '@');
}
