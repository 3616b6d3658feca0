import * as tf from '../../../engine/tf.js';
import type { FileOps } from '../../adapters/files/fileOps.js';
import { writeFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';

export interface WriteModelOptions {
  /** Shard size in bytes. Default 4 MiB, as the TF.js converter writes. */
  shardBytes?: number;
  /** Extra files written beside model.json (manifest.json, metadata.json …), name → contents. */
  extraFiles?: Record<string, string | Uint8Array>;
  /** Replace an existing folder. Default false: an existing target is an error. */
  overwrite?: boolean;
  ops?: FileOps;
}

/** The files of a TF.js layers model (model.json and binary shards), in memory. */
export async function layersModelFiles(
  model: tf.LayersModel,
  shardBytes = 4 * 2 ** 20,
): Promise<Map<string, Uint8Array | string>> {
  const files = new Map<string, Uint8Array | string>();
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = new Uint8Array(
        tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)),
      );
      const count = Math.max(1, Math.ceil(data.length / shardBytes));
      const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
      paths.forEach((path, i) =>
        files.set(path, data.subarray(i * shardBytes, (i + 1) * shardBytes)),
      );
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: 'Transfer Studio',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
      };
      files.set('model.json', JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return files;
}

/** Writes a TF.js layers model into a new folder, whole or not at all. */
export async function writeLayersModel(
  model: tf.LayersModel,
  target: string,
  options: WriteModelOptions = {},
): Promise<void> {
  const files = await layersModelFiles(model, options.shardBytes);
  for (const [name, contents] of Object.entries(options.extraFiles ?? {}))
    files.set(name, contents);
  await writeFolderAtomically(target, files, {
    overwrite: options.overwrite ?? false,
    ...(options.ops ? { ops: options.ops } : {}),
  });
}
