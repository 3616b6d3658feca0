import { accuracyOf, confusionMatrix, perClassMetrics, type ClassMetrics } from './metrics.js';

export interface ExampleVerdict {
  /** Index into the evaluated examples. */
  index: number;
  actual: number;
  predicted: number;
  /** Cross-entropy of this example: −log p(actual). */
  loss: number;
  probabilities: number[];
}

export interface Evaluation {
  classes: string[];
  count: number;
  accuracy: number;
  /** Share of examples whose class is among the top k predictions. */
  topK: { k: number; accuracy: number };
  confusion: number[][];
  perClass: (ClassMetrics & { name: string })[];
  /** Wrong predictions, most confident first. */
  misclassified: ExampleVerdict[];
  /** The examples the model finds hardest, right or wrong. */
  highestLoss: ExampleVerdict[];
  /**
   * Every right prediction, least confident first, so the confusion matrix's diagonal cells can
   * show their images. Absent from evaluations recorded before it existed.
   */
  correct?: ExampleVerdict[];
}

/** Metrics from predicted probabilities ([n × classes], row-major) and true labels. */
export function evaluatePredictions(
  probabilities: Float32Array | number[],
  labels: readonly number[],
  classes: readonly string[],
  options: {
    k?: number;
    listLimit?: number;
    /**
     * One name per example (its path): examples of equal confidence or loss are listed in the
     * order of their names, so the lists do not depend on the order the examples arrived in.
     */
    keys?: readonly string[];
  } = {},
): Evaluation {
  const classCount = classes.length;
  const verdicts = labels.map((actual, index): ExampleVerdict => {
    const row = Array.from(probabilities.slice(index * classCount, (index + 1) * classCount));
    const predicted = row.indexOf(Math.max(...row));
    return {
      index,
      actual,
      predicted,
      loss: -Math.log(Math.max(row[actual] ?? 0, 1e-12)),
      probabilities: row,
    };
  });
  const confusion = confusionMatrix(
    labels,
    verdicts.map((v) => v.predicted),
    classCount,
  );
  const k = Math.min(options.k ?? 3, classCount);
  const inTopK = verdicts.filter((v) => rankOf(v.probabilities, v.actual) < k).length;
  const limit = options.listLimit ?? 50;
  const byKey = tieBreakByKey(options.keys);
  const confidence = (v: ExampleVerdict): number => v.probabilities[v.predicted] ?? 0;
  return {
    classes: [...classes],
    count: labels.length,
    accuracy: accuracyOf(confusion),
    topK: { k, accuracy: labels.length === 0 ? 0 : inTopK / labels.length },
    confusion,
    perClass: perClassMetrics(confusion).map((m, i) => ({ name: classes[i] ?? '', ...m })),
    misclassified: verdicts
      .filter((v) => v.predicted !== v.actual)
      .sort((a, b) => confidence(b) - confidence(a) || byKey(a, b))
      .slice(0, limit),
    highestLoss: verdicts
      .slice()
      .sort((a, b) => b.loss - a.loss || byKey(a, b))
      .slice(0, limit),
    correct: verdicts
      .filter((v) => v.predicted === v.actual)
      .sort((a, b) => confidence(a) - confidence(b) || byKey(a, b)),
  };
}

/**
 * Orders two verdicts of equal score by their examples' names (compared by code unit, not by
 * locale, so every machine agrees), then by index; without names, by index alone.
 */
function tieBreakByKey(
  keys: readonly string[] | undefined,
): (a: ExampleVerdict, b: ExampleVerdict) => number {
  return (a, b) => {
    const keyA = keys?.[a.index] ?? '';
    const keyB = keys?.[b.index] ?? '';
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    return a.index - b.index;
  };
}

function rankOf(row: readonly number[], index: number): number {
  const value = row[index] ?? 0;
  return row.filter((p, i) => p > value || (p === value && i < index)).length;
}
