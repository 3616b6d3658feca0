import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import type { EpochMetrics, TrainSettings } from '../../../common/training.js';
import type { LongTextReading } from '../../../engine/text/longText.js';
import { TEXT_ENCODERS } from '../../../engine/text/textEncoders.js';
import { writeFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import type { TextExample } from '../dataset/textHealth.js';
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
  /**
   * `reading`: how the encoder read long texts when the head trained (absent in folders from
   * before texts were read in windows, which read the first 256 pieces in one call).
   */
  encoder: { id: string; fingerprint: string; reading?: LongTextReading };
  settings: TrainSettings;
  history: EpochMetrics[];
  bestEpoch: number;
  dataset: string;
  /** When it was written (absent in folders from before the app trained text models). */
  createdAt?: string;
}

export interface TextModel {
  head: tf.LayersModel;
  metadata: TextModelMetadata;
}

/** Writes the head (TF.js layers format, input: one embedding) and its metadata, whole or not at all. */
export async function saveTextModel(
  dir: string,
  trained: TrainedTextClassifier,
  extra: {
    settings: TrainSettings;
    dataset: string;
    /** The held-out texts, so a later session can evaluate the model on them again. */
    validation?: readonly TextExample[] | undefined;
  },
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
    encoder: {
      id: trained.encoderId,
      fingerprint: trained.encoderFingerprint,
      ...readingOf(trained.encoderId),
    },
    settings: extra.settings,
    history: trained.fit.history,
    bestEpoch: trained.fit.bestEpoch,
    dataset: extra.dataset,
    createdAt: new Date().toISOString(),
  };
  const files = new Map<string, Uint8Array | string>([
    ['model.json', JSON.stringify(modelJson)],
    ['weights.bin', weights],
    ['metadata.json', JSON.stringify(metadata, null, 2)],
  ]);
  if (extra.validation) files.set(VALIDATION_FILE, JSON.stringify(extra.validation));
  await writeFolderAtomically(dir, files, { overwrite });
  return metadata;
}

const VALIDATION_FILE = 'validation.json';

/** The texts a model held out when it trained; NOT_FOUND when its folder did not record them. */
export async function readValidationTexts(dir: string): Promise<TextExample[]> {
  const parsed = await readJson<unknown>(dir, VALIDATION_FILE);
  const valid =
    Array.isArray(parsed) &&
    parsed.every(
      (e: Partial<TextExample>) =>
        typeof e?.text === 'string' && typeof e.label === 'string' && typeof e.origin === 'string',
    );
  if (!valid)
    throw new AppError('INVALID_ARGUMENT', `${dir}/${VALIDATION_FILE} is not a text list`);
  return parsed as TextExample[];
}

/**
 * Refuses a model whose encoder is not the one loaded: its head was trained on other embeddings,
 * so its answers would look plausible and mean nothing.
 */
export function assertSameEncoder(
  metadata: Pick<TextModelMetadata, 'encoder'>,
  loaded: { summary: { id: string }; fingerprint: string },
): void {
  if (metadata.encoder.id !== loaded.summary.id) {
    throw new AppError(
      'ENCODER_MISMATCH',
      `This text model was trained on the ${metadata.encoder.id} encoder, not ${loaded.summary.id}; train it again on this one.`,
      { expected: metadata.encoder.id, found: loaded.summary.id },
    );
  }
  const trainedWith = metadata.encoder.reading;
  const readsNow = TEXT_ENCODERS[loaded.summary.id]?.reading;
  if (trainedWith && readsNow && !sameReading(trainedWith, readsNow)) {
    throw new AppError(
      'ENCODER_MISMATCH',
      `This text model was trained on long texts read in windows of ${trainedWith.windowPieces} pieces (at most ${trainedWith.maxWindows}); this version reads them in windows of ${readsNow.windowPieces} (at most ${readsNow.maxWindows}), so its predictions on long texts would be wrong; train it again.`,
      { expected: trainedWith, found: readsNow },
    );
  }
  if (metadata.encoder.fingerprint !== loaded.fingerprint) {
    throw new AppError(
      'ENCODER_MISMATCH',
      `This text model was trained on other ${metadata.encoder.id} weights than the ones installed now, so its predictions would be wrong; train it again.`,
      { expected: metadata.encoder.fingerprint, found: loaded.fingerprint },
    );
  }
}

function readingOf(encoderId: string): { reading?: LongTextReading } {
  const reading = TEXT_ENCODERS[encoderId]?.reading;
  return reading ? { reading: { ...reading } } : {};
}

function sameReading(a: LongTextReading, b: LongTextReading): boolean {
  return a.windowPieces === b.windowPieces && a.maxWindows === b.maxWindows;
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

export async function readTextModelMetadata(dir: string): Promise<TextModelMetadata> {
  const metadata = await readJson<TextModelMetadata>(dir, 'metadata.json');
  if (metadata.modality !== 'text' || !Array.isArray(metadata.classes) || !metadata.encoder?.id) {
    throw new AppError('INVALID_ARGUMENT', `${dir} is not a text model folder`);
  }
  return metadata;
}

export async function loadTextModel(dir: string): Promise<TextModel> {
  const metadata = await readTextModelMetadata(dir);
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
