import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from '../../src/common/evaluation.js';
import { cellImages, confidenceOf, hardestCorrect, pageOf } from './cellImages.js';

const classes = ['animals', 'vehicles', 'food'];

/** 90 validation images: each class mostly right at varied confidence, some confused. */
function validationRun() {
  const probabilities: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 90; i++) {
    const actual = i % 3;
    // Every 7th image goes to the next class; confidence wanders between 0.4 and 0.95.
    const predicted = i % 7 === 0 ? (actual + 1) % 3 : actual;
    const top = 0.4 + ((i * 37) % 56) / 100;
    const row = [0, 0, 0].map((_, c) => (c === predicted ? top : (1 - top) / 2));
    probabilities.push(...row);
    labels.push(actual);
  }
  return evaluatePredictions(probabilities, labels, classes);
}

describe('cellImages', () => {
  const evaluation = validationRun();

  it('shows a diagonal cell its correctly classified images, all of them', () => {
    const { verdicts, total } = cellImages(evaluation, { actual: 0, predicted: 0 });
    expect(total).toBe(evaluation.confusion[0]?.[0]);
    expect(total).toBeGreaterThan(20);
    expect(verdicts).toHaveLength(total);
    expect(verdicts.every((v) => v.actual === 0 && v.predicted === 0)).toBe(true);
  });

  it('shows an off-diagonal cell only its own mistakes', () => {
    const { verdicts, total } = cellImages(evaluation, { actual: 1, predicted: 2 });
    expect(total).toBe(evaluation.confusion[1]?.[2]);
    expect(total).toBeGreaterThan(0);
    expect(verdicts).toHaveLength(total);
    expect(verdicts.every((v) => v.actual === 1 && v.predicted === 2)).toBe(true);
  });

  it('with no cell selected lists every mistake and counts them from the matrix', () => {
    const { verdicts, total } = cellImages(evaluation, undefined);
    expect(verdicts.every((v) => v.actual !== v.predicted)).toBe(true);
    expect(total).toBe(evaluation.count - Math.round(evaluation.accuracy * evaluation.count));
    expect(verdicts).toHaveLength(total);
  });

  it('an empty off-diagonal cell has no images', () => {
    const { verdicts, total } = cellImages(evaluation, { actual: 0, predicted: 2 });
    expect(total).toBe(0);
    expect(verdicts).toEqual([]);
  });

  it('an evaluation recorded without the right answers falls back to the hardest ones', () => {
    const { correct: _dropped, ...old } = evaluation;
    const { verdicts } = cellImages(old, { actual: 2, predicted: 2 });
    const expected = old.highestLoss.filter((v) => v.actual === 2 && v.predicted === 2);
    expect(verdicts).toEqual(expected);
  });
});

describe('hardestCorrect', () => {
  const evaluation = validationRun();

  it('never repeats a mistake and lists unsure right answers, least sure first', () => {
    const hardest = hardestCorrect(evaluation, 12);
    expect(hardest.length).toBeGreaterThan(0);
    expect(hardest.length).toBeLessThanOrEqual(12);
    expect(hardest.every((v) => v.actual === v.predicted && confidenceOf(v) < 0.75)).toBe(true);
    const confidences = hardest.map(confidenceOf);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
    const mistaken = new Set(evaluation.misclassified.map((v) => v.index));
    expect(hardest.some((v) => mistaken.has(v.index))).toBe(false);
  });

  it('is empty when every right answer was confident', () => {
    const sure = evaluatePredictions([0.9, 0.05, 0.05, 0.02, 0.97, 0.01], [0, 1], classes);
    expect(hardestCorrect(sure, 12)).toEqual([]);
  });
});

describe('pageOf', () => {
  const fifty = Array.from({ length: 50 }, (_, i) => i);

  it('pages 50 items 12 at a time', () => {
    const second = pageOf(fifty, 1, 12);
    expect(second).toMatchObject({ page: 1, pageCount: 5, first: 13, last: 24, total: 50 });
    expect(second.items).toEqual(fifty.slice(12, 24));
    const lastPage = pageOf(fifty, 4, 12);
    expect(lastPage.items).toEqual([48, 49]);
    expect(lastPage).toMatchObject({ first: 49, last: 50 });
  });

  it('clamps a page past the end (the list shrank) and a negative page', () => {
    expect(pageOf(fifty.slice(0, 10), 3, 12)).toMatchObject({ page: 0, first: 1, last: 10 });
    expect(pageOf(fifty, -2, 12).page).toBe(0);
  });

  it('an empty list is one empty page', () => {
    expect(pageOf([], 0, 12)).toEqual({
      items: [],
      page: 0,
      pageCount: 1,
      first: 0,
      last: 0,
      total: 0,
    });
  });
});
