import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { AppError } from '../../common/errors.js';

export interface WriteModelOptions {
  /** Shard size in bytes. Default 4 MiB, as the TF.js converter writes. */
  shardBytes?: number;
  /** Extra files written beside model.json (manifest.json, metadata.json …), name → contents. */
  extraFiles?: Record<string, string | Uint8Array>;
  /** Replace an existing folder. Default false: an existing target is an error. */
  overwrite?: boolean;
}

/**
 * Writes a TF.js layers model (model.json + binary shards) into a new folder. Everything is
 * written into a temporary folder beside the target, synced, then renamed into place, so a failure
 * leaves no half-written model.
 */
export async function writeLayersModel(
  model: tf.LayersModel,
  target: string,
  options: WriteModelOptions = {},
): Promise<void> {
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists && !options.overwrite)
    throw new AppError('INVALID_ARGUMENT', `${target} already exists`, { path: target });
  const temporary = join(
    dirname(target),
    `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(temporary, { recursive: true });
  try {
    await model.save(
      tf.io.withSaveHandler((artifacts) => writeArtifacts(artifacts, temporary, options)),
    );
    if (exists) await rm(target, { recursive: true, force: true });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

async function writeArtifacts(
  artifacts: tf.io.ModelArtifacts,
  folder: string,
  options: WriteModelOptions,
): Promise<tf.io.SaveResult> {
  const data = new Uint8Array(
    tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)),
  );
  const shardBytes = options.shardBytes ?? 4 * 2 ** 20;
  const count = Math.max(1, Math.ceil(data.length / shardBytes));
  const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
  for (const [i, path] of paths.entries()) {
    await writeSynced(join(folder, path), data.subarray(i * shardBytes, (i + 1) * shardBytes));
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'Transfer Studio',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
  };
  await writeSynced(join(folder, 'model.json'), JSON.stringify(modelJson));
  for (const [name, contents] of Object.entries(options.extraFiles ?? {}))
    await writeSynced(join(folder, name), contents);
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function writeSynced(path: string, contents: string | Uint8Array): Promise<void> {
  await writeFile(path, contents);
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
