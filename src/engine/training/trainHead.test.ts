import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/random.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  type TrainEvent,
  type TrainSettings,
} from '../../common/training.js';
import type { TrainingCheckpoint } from './checkpoint.js';
import { classWeights, type FeatureSet } from './fitOnArrays.js';
import { trainHead } from './trainHead.js';

/** Gaussian clusters in `dims` dimensions, one per class; `separation` 0 gives pure noise. */
function clusters(
  perClass: number,
  classes: number,
  dims: number,
  separation: number,
  seed: number,
): FeatureSet {
  const random = seededRandom(seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const features: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      for (let d = 0; d < dims; d++) features.push(normal() + (d === c ? separation : 0));
      labels.push(c);
    }
  }
  return { features: Float32Array.from(features), labels };
}

// One head: these tests are about the loop; an ensemble's members are tested in trainHeadRecipe.
const settings = (changes: Partial<TrainSettings> = {}): TrainSettings => ({
  ...DEFAULT_TRAIN_SETTINGS,
  head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 15, batchSize: 16, learningRate: 0.01 },
  ...changes,
});

describe('trainHead (phase 1 on cached features)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('learns separable features and reports every epoch', async () => {
    const events: TrainEvent[] = [];
    const result = await trainHead({
      featureShape: [8],
      classCount: 3,
      train: clusters(40, 3, 8, 4, 1),
      validation: clusters(10, 3, 8, 4, 2),
      settings: settings(),
      onEvent: (e) => events.push(e),
    });
    expect(result.history.at(-1)?.valAccuracy).toBeGreaterThan(0.9);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(result.history.length);
    expect(events.some((e) => e.type === 'batch')).toBe(true);
    result.head.dispose();
  });

  it('gives identical metrics for the same seed (cpu backend)', async () => {
    const run = async () => {
      const result = await trainHead({
        featureShape: [8],
        classCount: 3,
        train: clusters(30, 3, 8, 2, 3),
        validation: clusters(10, 3, 8, 2, 4),
        settings: settings({ seed: 7 }),
      });
      result.head.dispose();
      return result.history.map((m) => [m.loss, m.valLoss]);
    };
    expect(await run()).toEqual(await run());
  });

  it('stops early when validation loss stalls and keeps the best epoch', async () => {
    const noise = { train: clusters(30, 2, 8, 0, 5), validation: clusters(15, 2, 8, 0, 6) };
    const result = await trainHead({
      featureShape: [8],
      classCount: 2,
      ...noise,
      settings: settings({
        earlyStoppingPatience: 2,
        phase1: { ...settings().phase1, epochs: 40, learningRate: 0.05 },
      }),
    });
    expect(result.stopped?.reason).toBe('early-stopping');
    expect(result.history.length).toBeLessThan(40);
    expect(result.bestEpoch).toBe(result.history.length - 2);
    const x = tf.tensor(noise.validation.features, [30, 8]);
    const y = tf.oneHot(tf.tensor1d(noise.validation.labels, 'int32'), 2).toFloat();
    const kept = (result.head.evaluate(x, y) as tf.Scalar[])[0]?.dataSync()[0];
    expect(kept).toBeCloseTo(result.history[result.bestEpoch - 1]?.valLoss ?? NaN, 4);
    tf.dispose([x, y]);
    result.head.dispose();
  });

  it('halves the learning rate when validation loss stalls', async () => {
    const noise = { train: clusters(30, 2, 8, 0, 15), validation: clusters(15, 2, 8, 0, 16) };
    const result = await trainHead({
      featureShape: [8],
      classCount: 2,
      ...noise,
      settings: settings({
        earlyStoppingPatience: 0,
        reduceLearningRatePatience: 2,
        phase1: { ...settings().phase1, epochs: 12, learningRate: 0.05 },
      }),
    });
    const rates = result.history.map((m) => m.learningRate);
    expect(rates[0]).toBe(0.05);
    expect(Math.min(...rates)).toBeLessThan(0.05);
    rates.slice(1).forEach((rate, i) => expect([rates[i], (rates[i] ?? 0) / 2]).toContain(rate));
    result.head.dispose();
  });

  it('cancels within one batch and frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await trainHead({
      featureShape: [8],
      classCount: 3,
      train: clusters(200, 3, 8, 2, 7),
      validation: undefined,
      settings: settings(),
      signal: controller.signal,
      batchEventInterval: 0,
      onEvent: (e) => {
        if (e.type === 'batch' && e.batch === 2) controller.abort();
      },
    });
    expect(result.stopped).toMatchObject({ reason: 'cancelled', epoch: 1 });
    result.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps memory flat across runs', async () => {
    const counts: number[] = [];
    for (let run = 0; run < 3; run++) {
      const result = await trainHead({
        featureShape: [8],
        classCount: 3,
        train: clusters(20, 3, 8, 3, run),
        validation: clusters(5, 3, 8, 3, 9),
        settings: settings({ phase1: { ...settings().phase1, epochs: 3 } }),
      });
      result.head.dispose();
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
  });

  it('stops on a non-finite loss with a clear message and keeps finite weights', async () => {
    const poisoned = clusters(30, 3, 8, 3, 11);
    poisoned.features[5] = Number.NaN;
    const result = await trainHead({
      featureShape: [8],
      classCount: 3,
      train: poisoned,
      validation: undefined,
      settings: settings(),
    });
    expect(result.stopped).toMatchObject({ reason: 'not-finite', epoch: 1 });
    expect(result.stopped?.message).toMatch(/lower learning rate/);
    for (const weight of result.head.getWeights())
      expect(Array.from(weight.dataSync()).every(Number.isFinite)).toBe(true);
    result.head.dispose();
  });

  it('weighs classes as sklearn’s "balanced"', () => {
    expect(classWeights([0, 0, 0, 1], 2, 'balanced')).toEqual([4 / 6, 2]);
    expect(classWeights([0, 1], 3, 'balanced')).toEqual([2 / 3, 2 / 3, 0]);
    expect(classWeights([0, 1], 2, 'none')).toEqual([1, 1]);
  });
});

describe('checkpoints', () => {
  it.each([3, 17, 33])(
    'a 40-epoch run stopped after epoch %i and resumed from its checkpoint ends exactly like an uninterrupted run',
    async (stopAt) => {
      const { trainHead } = await import('./trainHead.js');
      const data = { train: clusters(30, 3, 8, 1.5, 21), validation: clusters(10, 3, 8, 1.5, 22) };
      const run = settings({
        seed: 9,
        earlyStoppingPatience: 0,
        reduceLearningRatePatience: 2,
        phase1: { ...settings().phase1, epochs: 40 },
      });
      const whole = await trainHead({ featureShape: [8], classCount: 3, ...data, settings: run });

      const saved: TrainingCheckpoint[] = [];
      const controller = new AbortController();
      const first = await trainHead({
        featureShape: [8],
        classCount: 3,
        ...data,
        settings: run,
        signal: controller.signal,
        checkpoints: { store: { save: async (c) => void saved.push(c) } },
        onEvent: (e) => e.type === 'epoch' && e.metrics.epoch === stopAt && controller.abort(),
      });
      expect(first.stopped?.reason).toBe('cancelled');
      const resumeFrom = saved.at(-1) as TrainingCheckpoint;
      expect(resumeFrom.epoch).toBe(stopAt);
      const resumed = await trainHead({
        featureShape: [8],
        classCount: 3,
        ...data,
        settings: run,
        checkpoints: { resume: resumeFrom },
      });

      // Bit for bit: Adam's running β products are restored, not recomputed.
      const numbers = (r: typeof whole) =>
        r.history.map((m) => [m.loss, m.valLoss, m.accuracy, m.valAccuracy, m.learningRate]);
      expect(resumed.history).toHaveLength(40);
      expect(numbers(resumed)).toEqual(numbers(whole));
      expect(resumed.bestEpoch).toBe(whole.bestEpoch);
      expect(resumed.head.getWeights().map((w) => [...w.dataSync()])).toEqual(
        whole.head.getWeights().map((w) => [...w.dataSync()]),
      );
      [whole, first, resumed].forEach((r) => r.head.dispose());
    },
  );
});

describe('checkpoints of a phase that stopped early', () => {
  it('resume to the same result instead of training on past the stop', async () => {
    const { trainHead } = await import('./trainHead.js');
    const noise = { train: clusters(30, 2, 8, 0, 31), validation: clusters(15, 2, 8, 0, 32) };
    const run = settings({
      earlyStoppingPatience: 2,
      reduceLearningRatePatience: 0,
      phase1: { ...settings().phase1, epochs: 30, learningRate: 0.05 },
    });
    const saved: TrainingCheckpoint[] = [];
    const first = await trainHead({
      featureShape: [8],
      classCount: 2,
      ...noise,
      settings: run,
      checkpoints: { store: { save: async (c) => void saved.push(c) } },
    });
    expect(first.stopped?.reason).toBe('early-stopping');
    const last = saved.at(-1) as TrainingCheckpoint;
    expect(last.earlyStopped).toBe(true);
    const resumed = await trainHead({
      featureShape: [8],
      classCount: 2,
      ...noise,
      settings: run,
      checkpoints: { resume: last },
    });
    expect(resumed.history).toHaveLength(first.history.length);
    expect(resumed.bestEpoch).toBe(first.bestEpoch);
    expect(resumed.head.getWeights()[0]?.dataSync()).toEqual(
      first.head.getWeights()[0]?.dataSync(),
    );
    [first, resumed].forEach((r) => r.head.dispose());
  });
});
