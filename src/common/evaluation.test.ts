import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from './evaluation.js';

describe('evaluatePredictions', () => {
  const classes = ['cat', 'dog', 'fox'];
  // Rows: probabilities per example; labels: the truth.
  const probabilities = [
    [0.8, 0.1, 0.1], // cat → cat
    [0.3, 0.6, 0.1], // cat → dog (wrong, cat second)
    [0.1, 0.2, 0.7], // dog → fox (wrong, dog second)
    [0.05, 0.9, 0.05], // dog → dog
    [0.5, 0.4, 0.1], // fox → cat (wrong, fox last)
  ].flat();
  const labels = [0, 0, 1, 1, 2];

  it('computes accuracy, top-k and the confusion matrix', () => {
    const result = evaluatePredictions(probabilities, labels, classes, { k: 2 });
    expect(result.accuracy).toBeCloseTo(2 / 5);
    expect(result.topK).toEqual({ k: 2, accuracy: 4 / 5 });
    expect(result.confusion).toEqual([
      [1, 1, 0],
      [0, 1, 1],
      [1, 0, 0],
    ]);
    expect(result.perClass[0]).toMatchObject({
      name: 'cat',
      precision: 0.5,
      recall: 0.5,
      support: 2,
    });
  });

  it('lists misclassified examples most confident first, and the highest losses', () => {
    const result = evaluatePredictions(probabilities, labels, classes);
    expect(result.misclassified.map((v) => v.index)).toEqual([2, 1, 4]);
    expect(result.highestLoss[0]).toMatchObject({ index: 4, actual: 2, predicted: 0 });
    expect(result.highestLoss[0]?.loss).toBeCloseTo(-Math.log(0.1));
  });
});
