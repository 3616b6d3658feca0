import * as tf from '../../../engine/tf.js';
import {
  evaluatePredictions,
  type Evaluation,
  type ExampleVerdict,
} from '../../../common/evaluation.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { snippet, type TextExample } from '../dataset/textHealth.js';
import type { LoadedTextEncoder } from './loadTextEncoder.js';
import type { TextEmbeddingCache } from './textEmbeddingCache.js';
import { embedTexts } from './embedTexts.js';
import { yieldToEventLoop } from './eventLoop.js';

/** A verdict on one text: where it came from (its file, or table and line) and how it starts. */
export type TextVerdict = ExampleVerdict & { path: string; text: string };

export interface TextExamplesEvaluation extends Evaluation {
  misclassified: TextVerdict[];
  highestLoss: TextVerdict[];
  correct: TextVerdict[];
}

/** Characters of a text a verdict card shows. */
const VERDICT_SNIPPET = 280;

/**
 * The image evaluation, on texts: accuracy, confusion, per-class metrics, and every verdict with
 * the text it is about. Texts of classes the model does not know are left out.
 */
export async function evaluateTextExamples(
  model: { head: tf.LayersModel; classes: readonly string[] },
  loaded: LoadedTextEncoder,
  examples: readonly TextExample[],
  options: { cache?: TextEmbeddingCache | undefined; signal?: AbortSignal | undefined } = {},
): Promise<TextExamplesEvaluation> {
  const known = examples.filter((e) => model.classes.includes(e.label));
  const probabilities = await classifyTextBatches(
    model.head,
    loaded,
    known.map((e) => e.text),
    options,
  );
  return evaluateTextProbabilities(probabilities.flat(), known, model.classes);
}

/** Embeddings classified at once: enough to keep the head busy, few enough to stop soon. */
const CLASSIFY_BATCH = 256;

/**
 * Each text's class probabilities. A cancel stops it between batches, of the embedding (the
 * slow part) and of the classification alike, so a long evaluation stops within one batch.
 */
export async function classifyTextBatches(
  head: tf.LayersModel,
  loaded: LoadedTextEncoder,
  texts: readonly string[],
  options: { cache?: TextEmbeddingCache | undefined; signal?: AbortSignal | undefined } = {},
): Promise<number[][]> {
  throwIfAborted(options.signal);
  const { embeddings } = await embedTexts(texts, {
    encoder: loaded.encoder,
    cache: options.cache,
    signal: options.signal,
  });
  const size = loaded.encoder.embeddingSize;
  const rows: number[][] = [];
  for (let start = 0; start < texts.length; start += CLASSIFY_BATCH) {
    // The head's output resolves without a macrotask: this turn lets a cancel message land.
    await yieldToEventLoop();
    throwIfAborted(options.signal);
    const count = Math.min(CLASSIFY_BATCH, texts.length - start);
    const batch = embeddings.subarray(start * size, (start + count) * size);
    const output = tf.tidy(() => head.predict(tf.tensor2d(batch, [count, size])) as tf.Tensor);
    rows.push(...((await output.array()) as number[][]));
    output.dispose();
  }
  throwIfAborted(options.signal);
  return rows;
}

/**
 * The evaluation of any text model's answers (a row of class probabilities per text, row after
 * row), on texts of the classes it knows: a model from scratch is scored by the same code.
 */
export function evaluateTextProbabilities(
  probabilities: Float32Array | number[],
  known: readonly TextExample[],
  classes: readonly string[],
): TextExamplesEvaluation {
  const evaluation = evaluatePredictions(
    probabilities,
    known.map((e) => classes.indexOf(e.label)),
    [...classes],
    // Texts of equal confidence (often copies) listed by path, whatever order the scan gave.
    { keys: known.map((e) => e.origin) },
  );
  const withText = (verdict: ExampleVerdict): TextVerdict => {
    const example = known[verdict.index] as TextExample;
    return { ...verdict, path: example.origin, text: snippet(example.text, VERDICT_SNIPPET) };
  };
  return {
    ...evaluation,
    misclassified: evaluation.misclassified.map(withText),
    highestLoss: evaluation.highestLoss.map(withText),
    correct: (evaluation.correct ?? []).map(withText),
  };
}
