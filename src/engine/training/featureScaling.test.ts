import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/random.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../common/training.js';
import { featureScaling, foldScaling, standardised } from './featureScaling.js';
import { buildHead } from './head.js';
import { trainHead } from './trainHead.js';
import { trainingTensors, type FeatureSet } from './trainingArrays.js';

/** Rows like a base's pooled features: non-negative, each feature with its own offset and spread. */
function pooledLike(rows: number, size: number, seed: number, classes = 3): FeatureSet {
  const random = seededRandom(seed);
  const features = new Float32Array(rows * size);
  const labels: number[] = [];
  for (let r = 0; r < rows; r++) {
    const label = r % classes;
    labels.push(label);
    for (let j = 0; j < size; j++) {
      const signal = j % classes === label ? 0.8 : 0;
      features[r * size + j] = 2 + j * 0.5 + (signal + random()) * (1 + (j % 4));
    }
  }
  return { features, labels };
}

describe('standardised features', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('gives each feature mean 0 and deviation 1 over the training rows, and keeps constant features finite', () => {
    const set = pooledLike(60, 6, 1);
    for (let r = 0; r < 60; r++) set.features[r * 6 + 5] = 3; // a feature that never varies
    const scaled = standardised(set, featureScaling(set, 6));
    for (let j = 0; j < 6; j++) {
      const column = Array.from({ length: 60 }, (_, r) => scaled.features[r * 6 + j] ?? NaN);
      const mean = column.reduce((a, b) => a + b, 0) / 60;
      const deviation = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / 60);
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      if (j < 5) expect(deviation).toBeCloseTo(1, 3);
      else expect(deviation).toBe(0);
    }
  });

  it('folded into the first Dense layer, the head on raw features predicts what it did on standardised ones', () => {
    const set = pooledLike(12, 10, 2);
    const scaling = featureScaling(set, 10);
    for (const hidden of [[], [7]]) {
      const head = buildHead([10], { pooling: 'average', hidden, dropout: 0.2 }, 3, 5);
      const predict = (features: Float32Array) =>
        tf.tidy(() => (head.predict(tf.tensor2d(features, [12, 10])) as tf.Tensor).arraySync());
      const before = predict(standardised(set, scaling).features) as number[][];
      const dense = head.layers.find((l) => l.getClassName() === 'Dense');
      if (!dense) throw new Error('no Dense layer');
      foldScaling(dense, scaling);
      const after = predict(set.features) as number[][];
      after.forEach((row, r) =>
        row.forEach((p, c) => expect(p).toBeCloseTo(before[r]?.[c] ?? NaN, 5)),
      );
      head.dispose();
    }
  });

  it('trainHead with standardize returns a head that classifies raw features', async () => {
    const settings: TrainSettings = {
      ...DEFAULT_TRAIN_SETTINGS,
      head: { pooling: 'average', hidden: [16], dropout: 0.1, standardize: true },
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 15, batchSize: 16, learningRate: 0.01 },
      earlyStoppingPatience: 0,
    };
    const train = pooledLike(90, 12, 3);
    const validation = pooledLike(30, 12, 4);
    const result = await trainHead({
      featureShape: [12],
      classCount: 3,
      train,
      validation,
      settings,
    });
    const predicted = tf.tidy(
      () =>
        (result.head.predict(tf.tensor2d(validation.features, [30, 12])) as tf.Tensor)
          .argMax(-1)
          .dataSync() as Int32Array,
    );
    const right = validation.labels.filter((label, i) => predicted[i] === label).length;
    // The accuracy on raw features is the one the loop measured on standardised ones.
    expect(right / 30).toBeCloseTo(result.history.at(-1)?.valAccuracy ?? NaN, 5);
    expect(right / 30).toBeGreaterThan(0.9);
    result.head.dispose();
  });

  it('label smoothing moves that share of each target evenly onto every class', () => {
    const settings: TrainSettings = {
      ...DEFAULT_TRAIN_SETTINGS,
      labelSmoothing: 0.1,
      classWeights: 'none',
    };
    const data = trainingTensors({
      featureShape: [2],
      classCount: 4,
      train: { features: new Float32Array(4), labels: [2, 0] },
      validation: { features: new Float32Array(2), labels: [1] },
      settings,
    });
    const rows = data.yTrain.arraySync() as number[][];
    expect(rows[0]?.map((v) => Number(v.toFixed(6)))).toEqual([0.025, 0.025, 0.925, 0.025]);
    // Validation targets stay one-hot, so its loss means what it says.
    expect(data.yVal?.arraySync()).toEqual([[0, 1, 0, 0]]);
    tf.dispose([data.yTrain, data.xVal ?? [], data.yVal ?? []]);
  });
});
