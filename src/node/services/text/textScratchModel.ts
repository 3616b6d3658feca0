import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import type { EpochMetrics, PhaseSettings, TrainSettings } from '../../../common/training.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { scanTextDataset } from '../dataset/textDataset.js';
import type { TextExample } from '../dataset/textHealth.js';
import { loadFullLayersModel } from '../models/loadPack.js';
import { writeLayersModel } from '../models/writeLayersModel.js';
import {
  bagOfWordsFeatures,
  forEachChunk,
  parseBagOfWords,
  type BagOfWords,
  type ChunkedOptions,
} from './bagOfWords.js';
import { evaluateTextProbabilities, type TextExamplesEvaluation } from './textEvaluation.js';
import { readValidationTexts } from './textModelFolder.js';
import type { TextPrediction } from './textSession.js';

/**
 * Settings of the bag-of-words network when the caller gives none: the image scratch run's rate
 * and length. On spam-assassin (scripts/bench-text.js, all 2,796 test emails) 0.01 scored about
 * half a point higher at 20 and 100 emails per class and 60 epochs a tenth: not worth a change.
 */
export const TEXT_SCRATCH_PHASE: PhaseSettings = {
  epochs: 30,
  learningRate: 0.003,
  optimizer: 'adam',
  batchSize: 32,
};

/**
 * Units of the hidden layer; 0 puts the softmax straight on the features. A hidden layer of 64
 * scored within one test email of none on spam-assassin at 20 to 1,000 per class, with 30× the
 * parameters (scripts/bench-text.js `--scratch-variants`).
 */
export const TEXT_SCRATCH_HIDDEN_UNITS = 0;

/** The network of a text model from scratch: TF-IDF features in, class probabilities out. */
export function buildBagOfWordsNetwork(options: {
  terms: number;
  classCount: number;
  seed: number;
  hiddenUnits?: number;
}): tf.LayersModel {
  const hidden = options.hiddenUnits ?? TEXT_SCRATCH_HIDDEN_UNITS;
  const input = tf.input({ shape: [options.terms], name: 'bag_of_words' });
  let x: tf.SymbolicTensor = input;
  if (hidden > 0) {
    x = tf.layers
      .dense({
        name: 'hidden',
        units: hidden,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: options.seed }),
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .dropout({ name: 'dropout', rate: 0.3, seed: options.seed + 1 })
      .apply(x) as tf.SymbolicTensor;
  }
  const output = tf.layers
    .dense({
      name: 'predictions',
      units: options.classCount,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 100 }),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'bag_of_words_classifier' });
}

/** metadata.json of a text model from scratch: a text model (modality) that names no encoder. */
export interface TextScratchMetadata {
  format: 'transfer-studio-model';
  version: 1;
  modality: 'text';
  recipe: 'scratch';
  classes: string[];
  /** What the network is, in words (the Runs table shows it as the base). */
  model: {
    kind: 'bag-of-words';
    description: string;
    terms: number;
    /** The vocabulary size asked for, when the dense features' memory budget lowered it. */
    cappedFrom?: number;
  };
  settings: TrainSettings;
  history: EpochMetrics[];
  bestEpoch: number;
  dataset: string;
  createdAt: string;
}

export const VOCABULARY_FILE = 'vocabulary.json';

/** The files of the model folder: the network, its vocabulary, metadata and held-out texts. */
export function writeTextScratchModel(
  dir: string,
  network: tf.LayersModel,
  contents: {
    bag: BagOfWords;
    metadata: TextScratchMetadata;
    validation: readonly TextExample[];
  },
  overwrite = false,
): Promise<void> {
  return writeLayersModel(network, dir, {
    overwrite,
    extraFiles: {
      [VOCABULARY_FILE]: JSON.stringify(contents.bag),
      'metadata.json': JSON.stringify(contents.metadata, null, 2),
      'labels.txt': `${contents.metadata.classes.join('\n')}\n`,
      // The same file a transfer text model keeps, so evaluateValidation reads both alike.
      'validation.json': JSON.stringify(contents.validation),
    },
  });
}

/** Whether a model folder holds a text model trained from scratch. */
export async function isTextScratchFolder(dir: string): Promise<boolean> {
  try {
    const metadata = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as {
      modality?: unknown;
      recipe?: unknown;
    };
    return metadata.modality === 'text' && metadata.recipe === 'scratch';
  } catch {
    return false;
  }
}

export interface TextScratchModel {
  network: tf.LayersModel;
  bag: BagOfWords;
  metadata: TextScratchMetadata;
}

/**
 * Class probabilities of each text, row after row. Texts are featurised and classified a chunk at
 * a time (a dataset's features never sit in memory at once), and a cancel is seen between chunks.
 */
export async function textScratchProbabilities(
  model: Pick<TextScratchModel, 'network' | 'bag'>,
  texts: readonly string[],
  options: ChunkedOptions = {},
): Promise<Float32Array> {
  const width = model.network.outputs[0]?.shape[1] ?? 0;
  const out = new Float32Array(texts.length * width);
  await forEachChunk(texts.length, options, (start, end) => {
    const chunk = texts.slice(start, end);
    const features = bagOfWordsFeatures(model.bag, chunk);
    const rows = tf.tidy(() => {
      const input = tf.tensor2d(features, [chunk.length, model.bag.terms.length]);
      return (model.network.predict(input) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(rows, start * width);
  });
  return out;
}

interface LoadedEntry {
  key: string;
  model: Promise<TextScratchModel>;
  /** Requests using it now: one replaced meanwhile is disposed after the last, not under it. */
  users: number;
}

let current: LoadedEntry | undefined;
let idle: ReturnType<typeof setTimeout> | undefined;

/** How long the last model stays loaded after its last request (as ExportSources keeps one). */
const IDLE_RELEASE_MS = 60_000;

/**
 * Runs `work` with a text model from scratch, kept loaded until another folder (or this one
 * rewritten) is asked for, or a minute passes with no request, so typing in Try it does not read
 * the vocabulary again per keystroke yet an idle app does not hold the network.
 */
export async function withTextScratchModel<T>(
  dir: string,
  work: (model: TextScratchModel) => T | Promise<T>,
): Promise<T> {
  const written = await stat(join(dir, 'metadata.json')).catch(() => undefined);
  const key = `${dir}\0${written?.mtimeMs ?? 'absent'}`;
  const entry = current?.key === key ? current : replaceLoaded(key, dir);
  entry.users++;
  if (idle) clearTimeout(idle);
  try {
    return await work(await entry.model);
  } finally {
    entry.users--;
    if (entry.users === 0) {
      if (entry !== current) disposeWhenLoaded(entry);
      else releaseWhenIdle(entry);
    }
  }
}

function releaseWhenIdle(entry: LoadedEntry): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    if (current !== entry || entry.users > 0) return;
    current = undefined;
    disposeWhenLoaded(entry);
  }, IDLE_RELEASE_MS);
  idle.unref?.();
}

/** Releases the loaded model now unless a request is using it (a test, or the app quitting). */
export function releaseTextScratchModel(): void {
  if (idle) clearTimeout(idle);
  const entry = current;
  current = undefined;
  if (entry && entry.users === 0) disposeWhenLoaded(entry);
}

function replaceLoaded(key: string, dir: string): LoadedEntry {
  const previous = current;
  const entry: LoadedEntry = { key, model: readTextScratchModel(dir), users: 0 };
  current = entry;
  entry.model.catch(() => {
    if (current === entry) current = undefined;
  });
  if (previous && previous.users === 0) disposeWhenLoaded(previous);
  return entry;
}

function disposeWhenLoaded(entry: LoadedEntry): void {
  void entry.model.then(
    (model) => model.network.dispose(),
    () => undefined,
  );
}

/** A text model from scratch read from its folder (the caller disposes its network). */
export async function readTextScratchModel(dir: string): Promise<TextScratchModel> {
  const metadata = await readTextScratchMetadata(dir);
  const bag = parseBagOfWords(await readJson(dir, VOCABULARY_FILE), join(dir, VOCABULARY_FILE));
  const network = await loadFullLayersModel(dir);
  return { network, bag, metadata };
}

async function readTextScratchMetadata(dir: string): Promise<TextScratchMetadata> {
  const metadata = (await readJson(dir, 'metadata.json')) as Partial<TextScratchMetadata>;
  if (metadata.recipe !== 'scratch' || !Array.isArray(metadata.classes) || !metadata.model)
    throw new AppError('INVALID_ARGUMENT', `${dir} is not a text model trained from scratch`);
  return metadata as TextScratchMetadata;
}

async function readJson(dir: string, name: string): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(join(dir, name), 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `${dir} is not a complete text model folder (no ${name})`);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError('INVALID_ARGUMENT', `${join(dir, name)} is not valid JSON`);
  }
}

/** `model.predictText` for a model from scratch: every class's probability, most likely first. */
export async function predictTextScratch(
  dir: string,
  texts: readonly string[],
  signal?: AbortSignal,
): Promise<TextPrediction[]> {
  const { classes, probabilities } = await withTextScratchModel(dir, async (model) => ({
    classes: model.metadata.classes,
    probabilities: await textScratchProbabilities(model, texts, { signal }),
  }));
  return texts.map((_, row) => {
    const ranked = classes
      .map((name, c) => ({
        class: name,
        probability: probabilities[row * classes.length + c] ?? 0,
      }))
      .sort((a, b) => b.probability - a.probability);
    return { prediction: ranked[0]?.class ?? '', probabilities: ranked };
  });
}

/** Class names and one row of probabilities per text (the CLI's `predict`). */
export async function textScratchProbabilityRows(
  dir: string,
  texts: readonly string[],
): Promise<{ classes: string[]; probabilities: number[][] }> {
  const { classes, flat } = await withTextScratchModel(dir, async (model) => ({
    classes: model.metadata.classes,
    flat: await textScratchProbabilities(model, texts),
  }));
  const width = classes.length;
  return {
    classes,
    probabilities: texts.map((_, row) => Array.from(flat.subarray(row * width, (row + 1) * width))),
  };
}

/** A model from scratch scored on texts, by the evaluation every text model gets. */
export async function evaluateTextScratch(
  dir: string,
  examples: readonly TextExample[],
  signal?: AbortSignal,
  onChunk?: ChunkedOptions['onChunk'],
): Promise<TextExamplesEvaluation> {
  return withTextScratchModel(dir, async (model) => {
    const { classes } = model.metadata;
    const known = examples.filter((e) => classes.includes(e.label));
    const probabilities = await textScratchProbabilities(
      model,
      known.map((e) => e.text),
      { signal, onChunk },
    );
    throwIfAborted(signal);
    return evaluateTextProbabilities(probabilities, known, classes);
  });
}

/** `model.evaluate` for a model from scratch: every text of a dataset (no encoder is loaded). */
export async function evaluateTextScratchOnDataset(
  dir: string,
  dataset: string,
  signal?: AbortSignal,
): Promise<TextExamplesEvaluation> {
  const report = await scanTextDataset(dataset, { signal });
  return evaluateTextScratch(dir, report.examples, signal);
}

/** `model.evaluateValidation`: the texts it held out when it trained, scored again. */
export async function evaluateTextScratchValidation(
  dir: string,
  signal?: AbortSignal,
): Promise<TextExamplesEvaluation> {
  return evaluateTextScratch(dir, await readValidationTexts(dir), signal);
}

/** What `model.info` says of a text model from scratch. */
export async function textScratchModelInfo(dir: string) {
  const metadata = await readTextScratchMetadata(dir);
  const best = metadata.history.find((m) => m.epoch === metadata.bestEpoch);
  return {
    classes: metadata.classes,
    history: metadata.history,
    ...(best?.valAccuracy === undefined ? {} : { validationAccuracy: best.valAccuracy }),
    base: metadata.model.description,
    recipe: 'scratch' as const,
    modality: 'text' as const,
    bestEpoch: metadata.bestEpoch,
    createdAt: metadata.createdAt,
  };
}
