import * as tf from '../../../engine/tf.js';
import {
  accuracyOf,
  confusionMatrix,
  perClassMetrics,
  type ClassMetrics,
} from '../../../common/metrics.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  type TrainEvent,
  type TrainSettings,
} from '../../../common/training.js';
import type { FitResult } from '../../../engine/training/fitOnArrays.js';
import { trainHead } from '../../../engine/training/trainHead.js';
import type { TextExample } from '../dataset/textHealth.js';
import { embedTexts, type EmbeddedTexts, type TextEmbedProgress } from './embedTexts.js';
import type { LoadedTextEncoder } from './loadTextEncoder.js';
import { TextEmbeddingCache } from './textEmbeddingCache.js';
import { splitTextExamples } from './textSplit.js';

/** The cache of a loaded encoder's embeddings under `root` (the app's feature cache root). */
export function openTextEmbeddingCache(
  root: string,
  loaded: LoadedTextEncoder,
): Promise<TextEmbeddingCache> {
  return TextEmbeddingCache.open(root, {
    modality: 'text',
    encoder: loaded.summary.id,
    weights: loaded.fingerprint,
    maxTokens: loaded.summary.maxTokens,
    reading: loaded.encoder.info.reading,
    embeddingSize: loaded.encoder.embeddingSize,
    version: 2,
  });
}

export interface TextTrainingInput {
  examples: readonly TextExample[];
  loaded: LoadedTextEncoder;
  cache?: TextEmbeddingCache | undefined;
  settings?: TrainSettings | undefined;
  signal?: AbortSignal | undefined;
  onEmbedProgress?: ((progress: TextEmbedProgress) => void) | undefined;
  onEvent?: ((event: TrainEvent) => void) | undefined;
}

export interface TrainedTextClassifier {
  head: tf.LayersModel;
  /** Class names in code-point order; the head's outputs follow it. */
  classes: string[];
  encoderId: string;
  encoderFingerprint: string;
  fit: FitResult;
  embedding: Omit<EmbeddedTexts, 'embeddings'> & { seconds: number };
  /** Indices into the examples given: what trained, and what was held out to validate. */
  split: { train: number[]; validation: number[] };
}

/**
 * Phase 1 only, with the image path's own head trainer: the encoder is a frozen graph, so the
 * head on its cached embeddings is all that trains. The split is the app's seeded, stratified one.
 */
export async function trainTextClassifier(
  input: TextTrainingInput,
): Promise<TrainedTextClassifier> {
  const settings = input.settings ?? DEFAULT_TRAIN_SETTINGS;
  const { classes, ...split } = splitTextExamples(input.examples, settings);
  const started = performance.now();
  const embedded = await embedTexts(
    input.examples.map((e) => e.text),
    {
      encoder: input.loaded.encoder,
      cache: input.cache,
      signal: input.signal,
      onProgress: input.onEmbedProgress,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const size = input.loaded.encoder.embeddingSize;
  const featureSet = (part: number[]) => ({
    features: gatherRows(embedded.embeddings, part, size),
    labels: part.map((i) => classes.indexOf(input.examples[i]?.label ?? '')),
  });
  const trained = await trainHead({
    featureShape: [size],
    classCount: classes.length,
    train: featureSet(split.train),
    validation: split.validation.length > 0 ? featureSet(split.validation) : undefined,
    settings,
    // The ensemble's silent members train after the first one reports: its ETA counts them.
    later: { members: settings.head.members ?? 1 },
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.onEvent ? { onEvent: input.onEvent } : {}),
  });
  const { head, ...fit } = trained;
  const { embeddings: _unused, ...counts } = embedded;
  return {
    head,
    classes,
    encoderId: input.loaded.summary.id,
    encoderFingerprint: input.loaded.fingerprint,
    fit,
    embedding: { ...counts, seconds },
    split,
  };
}

export interface TextPredictions {
  /** One row of class probabilities per text. */
  probabilities: number[][];
  predicted: number[];
}

export async function classifyTexts(
  head: tf.LayersModel,
  loaded: LoadedTextEncoder,
  texts: readonly string[],
  cache?: TextEmbeddingCache,
): Promise<TextPredictions> {
  const { embeddings } = await embedTexts(texts, { encoder: loaded.encoder, cache });
  const input = tf.tensor2d(embeddings, [texts.length, loaded.encoder.embeddingSize]);
  const output = head.predict(input) as tf.Tensor;
  const probabilities = (await output.array()) as number[][];
  tf.dispose([input, output]);
  const predicted = probabilities.map((row) => row.indexOf(Math.max(...row)));
  return { probabilities, predicted };
}

export interface TextEvaluation {
  accuracy: number;
  classes: string[];
  confusion: number[][];
  perClass: ClassMetrics[];
}

/** The same shape as an image evaluation's `--json` line. */
export async function evaluateTextClassifier(
  trained: Pick<TrainedTextClassifier, 'head' | 'classes'>,
  loaded: LoadedTextEncoder,
  examples: readonly TextExample[],
  cache?: TextEmbeddingCache,
): Promise<TextEvaluation> {
  const known = examples.filter((e) => trained.classes.includes(e.label));
  const { predicted } = await classifyTexts(
    trained.head,
    loaded,
    known.map((e) => e.text),
    cache,
  );
  const actual = known.map((e) => trained.classes.indexOf(e.label));
  const confusion = confusionMatrix(actual, predicted, trained.classes.length);
  return {
    accuracy: accuracyOf(confusion),
    classes: trained.classes,
    confusion,
    perClass: perClassMetrics(confusion),
  };
}

function gatherRows(all: Float32Array, rows: readonly number[], size: number): Float32Array {
  const out = new Float32Array(rows.length * size);
  rows.forEach((row, i) => out.set(all.subarray(row * size, (row + 1) * size), i * size));
  return out;
}
