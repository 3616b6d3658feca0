import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import type { EpochMetrics, TrainSettings } from '../../../common/training.js';
import { writeFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import type { TrainedTextClassifier } from './trainTextClassifier.js';

/**
 * metadata.json of a text model folder. It says `modality: "text"` and names the encoder, so the
 * image loaders (which need preprocessing) can tell it apart and the text path knows what to load.
 */
export interface TextModelMetadata {
  format: 'transfer-studio-model';
  version: 1;
  modality: 'text';
  classes: string[];
  encoder: { id: string; fingerprint: string };
  settings: TrainSettings;
  history: EpochMetrics[];
  bestEpoch: number;
  dataset: string;
}

export interface TextModel {
  head: tf.LayersModel;
  metadata: TextModelMetadata;
}

/** Writes the head (TF.js layers format, input: one embedding) and its metadata, whole or not at all. */
export async function saveTextModel(
  dir: string,
  trained: TrainedTextClassifier,
  extra: { settings: TrainSettings; dataset: string },
  overwrite = false,
): Promise<TextModelMetadata> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await trained.head.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightData || !artifacts.weightSpecs) {
    throw new AppError('INTERNAL', 'The trained head could not be serialised');
  }
  const weights = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData));
  const modelJson = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  const metadata: TextModelMetadata = {
    format: 'transfer-studio-model',
    version: 1,
    modality: 'text',
    classes: trained.classes,
    encoder: { id: trained.encoderId, fingerprint: trained.encoderFingerprint },
    settings: extra.settings,
    history: trained.fit.history,
    bestEpoch: trained.fit.bestEpoch,
    dataset: extra.dataset,
  };
  await writeFolderAtomically(
    dir,
    new Map<string, Uint8Array | string>([
      ['model.json', JSON.stringify(modelJson)],
      ['weights.bin', weights],
      ['metadata.json', JSON.stringify(metadata, null, 2)],
    ]),
    { overwrite },
  );
  return metadata;
}

/** Whether a model folder holds a text model (metadata says so); false for image models. */
export async function isTextModelFolder(dir: string): Promise<boolean> {
  try {
    const metadata = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as {
      modality?: unknown;
    };
    return metadata.modality === 'text';
  } catch {
    return false;
  }
}

export async function loadTextModel(dir: string): Promise<TextModel> {
  const metadata = await readJson<TextModelMetadata>(dir, 'metadata.json');
  if (metadata.modality !== 'text' || !Array.isArray(metadata.classes) || !metadata.encoder?.id) {
    throw new AppError('INVALID_ARGUMENT', `${dir} is not a text model folder`);
  }
  const modelJson = await readJson<{
    modelTopology: object;
    weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
  }>(dir, 'model.json');
  const weightData = new Uint8Array(await readFile(join(dir, 'weights.bin'))).buffer;
  const head = await tf.loadLayersModel({
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData,
    }),
  });
  return { head, metadata };
}

async function readJson<T>(dir: string, name: string): Promise<T> {
  let raw: string;
  try {
    raw = await readFile(join(dir, name), 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `${dir} is not a trained model folder (no ${name})`);
  }
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new AppError('INVALID_ARGUMENT', `${dir}/${name} is not valid JSON`);
  }
}
