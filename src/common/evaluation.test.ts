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

  it('lists examples of equal confidence and loss in the order of their paths, however they came', () => {
    // Four texts misfiled under cooking that the model reads alike (two pairs of equal rows), two
    // right ones of equal confidence, and one clear mistake: ties in every list.
    const examples = [
      { path: 'cooking/misfiled-2.txt', row: [0.1, 0.9], label: 0 },
      { path: 'cooking/misfiled-0.txt', row: [0.1, 0.9], label: 0 },
      { path: 'cooking/misfiled-3.txt', row: [0.25, 0.75], label: 0 },
      { path: 'cooking/misfiled-1.txt', row: [0.25, 0.75], label: 0 },
      { path: 'weather/7.txt', row: [0.3, 0.7], label: 1 },
      { path: 'weather/12.txt', row: [0.3, 0.7], label: 1 },
      { path: 'cooking/soup.txt', row: [0.45, 0.55], label: 0 },
    ];
    const orders = [
      [0, 1, 2, 3, 4, 5, 6],
      [6, 5, 4, 3, 2, 1, 0],
      [3, 0, 5, 2, 6, 1, 4],
    ];
    const listed = orders.map((order) => {
      const shuffled = order.map((i) => examples[i] as (typeof examples)[number]);
      const result = evaluatePredictions(
        shuffled.flatMap((e) => e.row),
        shuffled.map((e) => e.label),
        ['cooking', 'weather'],
        { keys: shuffled.map((e) => e.path) },
      );
      const paths = (verdicts: { index: number }[] | undefined): string[] =>
        (verdicts ?? []).map((v) => shuffled[v.index]?.path ?? '');
      return {
        misclassified: paths(result.misclassified),
        highestLoss: paths(result.highestLoss),
        correct: paths(result.correct),
      };
    });
    const misfiled = (i: number): string => `cooking/misfiled-${i}.txt`;
    expect(listed[0]).toEqual({
      misclassified: [misfiled(0), misfiled(2), misfiled(1), misfiled(3), 'cooking/soup.txt'],
      highestLoss: [
        misfiled(0),
        misfiled(2),
        misfiled(1),
        misfiled(3),
        'cooking/soup.txt',
        'weather/12.txt',
        'weather/7.txt',
      ],
      correct: ['weather/12.txt', 'weather/7.txt'],
    });
    expect(listed[1]).toEqual(listed[0]);
    expect(listed[2]).toEqual(listed[0]);
  });
});
