import type * as tf from '../../../engine/tf.js';
import {
  evaluatePredictions,
  type Evaluation,
  type ExampleVerdict,
} from '../../../common/evaluation.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { snippet, type TextExample } from '../dataset/textHealth.js';
import type { LoadedTextEncoder } from './loadTextEncoder.js';
import type { TextEmbeddingCache } from './textEmbeddingCache.js';
import { classifyTexts } from './trainTextClassifier.js';

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
  throwIfAborted(options.signal);
  const { probabilities } =
    known.length === 0
      ? { probabilities: [] }
      : await classifyTexts(
          model.head,
          loaded,
          known.map((e) => e.text),
          options.cache,
        );
  throwIfAborted(options.signal);
  const evaluation = evaluatePredictions(
    probabilities.flat(),
    known.map((e) => model.classes.indexOf(e.label)),
    [...model.classes],
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
