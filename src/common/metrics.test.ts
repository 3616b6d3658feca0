import { describe, expect, it } from 'vitest';
import { accuracyOf, confusionMatrix, perClassMetrics } from './metrics.js';

describe('metrics', () => {
  // sklearn.metrics.classification_report on these labels gives the figures asserted below.
  const actual = [0, 0, 0, 1, 1, 2, 2, 2, 2];
  const predicted = [0, 1, 0, 1, 1, 2, 0, 2, 1];

  it('counts the confusion matrix by [actual][predicted]', () => {
    expect(confusionMatrix(actual, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 1, 2],
    ]);
  });

  it('computes accuracy and per-class precision/recall/F1', () => {
    const confusion = confusionMatrix(actual, predicted, 3);
    expect(accuracyOf(confusion)).toBeCloseTo(6 / 9);
    const [a, b, c] = perClassMetrics(confusion);
    expect(a).toMatchObject({ precision: 2 / 3, recall: 2 / 3, support: 3 });
    expect(b?.precision).toBeCloseTo(0.5);
    expect(b?.recall).toBe(1);
    expect(b?.f1).toBeCloseTo(2 / 3);
    expect(c).toMatchObject({ precision: 1, recall: 0.5, support: 4 });
  });

  it('gives 0, not NaN, for a class never predicted or never present', () => {
    const [, absent] = perClassMetrics(confusionMatrix([0, 0], [0, 0], 2));
    expect(absent).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(accuracyOf([[0]])).toBe(0);
  });

  it('rejects labels out of range', () => {
    expect(() => confusionMatrix([0], [3], 2)).toThrow(RangeError);
  });
});
