import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../engine/tf.js';
import { seededRandom } from '../../../common/random.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  refitOutcomeSchema,
  type TrainEvent,
  type TrainSettings,
} from '../../../common/training.js';
import type { FeatureSet } from '../../../engine/training/fitOnArrays.js';
import { trainHead } from '../../../engine/training/trainHead.js';
import { refitApplies, refitOnAllImages } from './refitPhase.js';

const DIMS = 16;

/**
 * Rows of two classes, each drawn around one "mode": class c sits at +4 on dimension
 * `modes[c]`, with unit Gaussian noise on every dimension.
 */
function rows(perClass: number, modes: [number, number], seed: number): FeatureSet {
  const random = seededRandom(seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const features: number[] = [];
  const labels: number[] = [];
  modes.forEach((mode, label) => {
    for (let i = 0; i < perClass; i++) {
      for (let d = 0; d < DIMS; d++) features.push(normal() + (d === mode ? 4 : 0));
      labels.push(label);
    }
  });
  return { features: Float32Array.from(features), labels };
}

function joined(a: FeatureSet, b: FeatureSet): FeatureSet {
  return {
    features: Float32Array.from([...a.features, ...b.features]),
    labels: [...a.labels, ...b.labels],
  };
}

function accuracyOf(head: tf.LayersModel, set: FeatureSet): number {
  const predicted = tf.tidy(() =>
    (head.predict(tf.tensor2d(set.features, [set.labels.length, DIMS])) as tf.Tensor)
      .argMax(-1)
      .dataSync(),
  );
  return set.labels.filter((label, i) => predicted[i] === label).length / set.labels.length;
}

const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  // One head: the ETAs below are exact only without an ensemble's silent members (progress.test).
  head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 40, batchSize: 16, learningRate: 0.01 },
  earlyStoppingPatience: 3,
  reduceLearningRatePatience: 2,
  refit: true,
};

describe('refit on training + validation images', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('runs for the epochs validation chose, at its learning rates, and learns from the held-out rows', async () => {
    // The training rows show each class in one mode only (dimensions 0 and 1); the held-out rows
    // show it in that mode and in a second one (dimensions 2 and 3) that only they contain. A head
    // that never trained on the held-out rows cannot know the second modes.
    const train = rows(60, [0, 1], 1);
    const heldOut = joined(rows(10, [0, 1], 2), rows(25, [2, 3], 3));
    const secondModes = rows(50, [2, 3], 4);
    const validated = await trainHead({
      featureShape: [DIMS],
      classCount: 2,
      train,
      validation: heldOut,
      settings,
    });
    const refit = await refitOnAllImages({
      featureShape: [DIMS],
      classCount: 2,
      settings,
      train,
      heldOut,
      images: 190,
      validated,
    });
    try {
      expect(refit).toBeDefined();
      if (!refit) return;
      // Early stopping ended the validation phase before its 40 epochs; the refit repeats only the
      // epochs up to the one it kept, each at the learning rate it had then.
      expect(validated.history.length).toBeLessThan(40);
      expect(refit.outcome).toMatchObject({ epochs: validated.bestEpoch, images: 190 });
      expect(refit.head.history.map((m) => m.epoch)).toEqual(
        validated.history.filter((m) => m.epoch <= validated.bestEpoch).map((m) => m.epoch),
      );
      expect(refit.head.history.map((m) => m.learningRate)).toEqual(
        validated.history.filter((m) => m.epoch <= validated.bestEpoch).map((m) => m.learningRate),
      );
      expect(refit.head.history.every((m) => m.valLoss === undefined)).toBe(true);
      const before = accuracyOf(validated.head, secondModes);
      const after = accuracyOf(refit.head.head, secondModes);
      expect(before).toBeLessThan(0.75);
      expect(after).toBeGreaterThan(0.9);
    } finally {
      validated.head.dispose();
      refit?.head.head.dispose();
    }
  });

  it('reports each refit epoch as "k of n" with its loss, and the time left reaching 0', async () => {
    const train = rows(30, [0, 1], 9);
    const heldOut = rows(8, [0, 1], 10);
    const validated = await trainHead({
      featureShape: [DIMS],
      classCount: 2,
      train,
      validation: heldOut,
      settings: {
        ...settings,
        phase1: { ...settings.phase1, epochs: 5 },
        earlyStoppingPatience: 0,
      },
    });
    // A clock that moves 100 ms each time it is read: every refit epoch (the same 5 batches of
    // 16 rows) reads it as often, so each takes the same time on any machine.
    let time = 0;
    const events: TrainEvent[] = [];
    const refit = await refitOnAllImages({
      featureShape: [DIMS],
      classCount: 2,
      settings,
      train,
      heldOut,
      images: 76,
      validated,
      now: () => (time += 100),
      onEvent: (event) => events.push(event),
    });
    validated.head.dispose();
    refit?.head.head.dispose();
    const n = validated.bestEpoch;
    expect(n).toBeGreaterThan(1);
    expect(events.map((e) => e.type)).toEqual(Array.from({ length: n }, () => 'refit'));
    const refits = events.filter((e) => e.type === 'refit');
    expect(refits.map((e) => [e.epoch, e.epochs])).toEqual(
      Array.from({ length: n }, (_, i) => [i + 1, n]),
    );
    expect(refits.map((e) => e.loss)).toEqual(refit?.head.history.map((m) => m.loss));
    const perEpoch = (refits[0]?.etaSeconds ?? 0) / (n - 1);
    expect(perEpoch).toBeGreaterThan(0);
    refits.forEach((e) => expect(e.etaSeconds).toBeCloseTo(perEpoch * (n - e.epoch), 6));
    expect(refits.at(-1)?.etaSeconds).toBe(0);
  });

  it('applies only when asked, with something held out and no fine-tuning after it', () => {
    expect(refitApplies(settings, 30)).toBe(true);
    expect(refitApplies({ ...settings, refit: false }, 30)).toBe(false);
    expect(refitApplies(settings, 0)).toBe(false);
    expect(refitApplies({ ...settings, phase2: { ...settings.phase2, epochs: 3 } }, 30)).toBe(
      false,
    );
  });

  it('records tiny validation probabilities as tiny, not as zero, through a JSON round trip', async () => {
    const train = rows(20, [0, 1], 7);
    const heldOut = rows(5, [0, 1], 8);
    const short = { ...settings, phase1: { ...settings.phase1, epochs: 3 } };
    const validated = await trainHead({
      featureShape: [DIMS],
      classCount: 2,
      train,
      validation: heldOut,
      settings: short,
    });
    // A confident model's rows: the runner-up class gets far less than 1e-5.
    const probabilities = Float32Array.from([1 - 3e-7, 3e-7, 2e-9, 1, 0.123456789, 0.876543211]);
    const refit = await refitOnAllImages({
      featureShape: [DIMS],
      classCount: 2,
      settings: short,
      train,
      heldOut,
      images: 50,
      validated,
      validationProbabilities: probabilities,
    });
    try {
      expect(refit).toBeDefined();
      const stored = refitOutcomeSchema.parse(JSON.parse(JSON.stringify(refit?.outcome)));
      const again = stored.validationProbabilities ?? [];
      expect(again).toHaveLength(probabilities.length);
      for (const [i, p] of probabilities.entries()) {
        expect(again[i]).toBeGreaterThan(0);
        expect(Math.abs((again[i] ?? 0) - p) / p).toBeLessThan(1e-5);
      }
    } finally {
      validated.head.dispose();
      refit?.head.head.dispose();
    }
  });

  it('keeps nothing to refit when validation kept no epoch', async () => {
    const refit = await refitOnAllImages({
      featureShape: [DIMS],
      classCount: 2,
      settings,
      train: rows(5, [0, 1], 5),
      heldOut: rows(2, [0, 1], 6),
      images: 14,
      validated: { history: [], bestEpoch: 0 },
    });
    expect(refit).toBeUndefined();
  });
});
