import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/random.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  type TrainEvent,
  type TrainSettings,
} from '../../common/training.js';
import { refitProgress } from './callbacks/progress.js';
import type { FeatureSet } from './fitOnArrays.js';
import { refitHead, refitPlan } from './refitHead.js';
import { trainHead } from './trainHead.js';

/** Rows of 16 features with random labels: nothing to learn, so early stopping ends soon. */
function noise(count: number, seed: number): FeatureSet {
  const random = seededRandom(seed);
  return {
    features: Float32Array.from({ length: count * 16 }, () => 6 * random()),
    labels: Array.from({ length: count }, () => Math.floor(random() * 3)),
  };
}

/**
 * A clock that moves 10 ms each time it is read: every epoch over the same rows reads it as often,
 * so each "takes" the same time, on any machine.
 */
function steppingClock(): () => number {
  let time = 0;
  return () => (time += 10);
}

const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 3 },
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 25, batchSize: 16 },
  earlyStoppingPatience: 2,
  reduceLearningRatePatience: 0,
};

type MemberEvent = Extract<TrainEvent, { type: 'member' }>;
const members = (events: TrainEvent[]) =>
  events.filter((e): e is MemberEvent => e.type === 'member');

describe('the ensemble’s later heads report as they train', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('says "head k of n: epoch e" and counts the later heads at the first one’s epoch count', async () => {
    const events: TrainEvent[] = [];
    const result = await trainHead({
      featureShape: [16],
      classCount: 3,
      train: noise(64, 1),
      validation: noise(32, 2),
      settings,
      onEvent: (e) => events.push(e),
      now: steppingClock(),
      batchEventInterval: 0,
    });
    result.head.dispose();
    const first = events.filter((e) => e.type === 'epoch');
    // Early stopping ended the first head well before the 25 epochs asked.
    expect(first.length).toBeLessThan(settings.phase1.epochs);
    const later = members(events);
    for (const k of [2, 3]) {
      const own = later.filter((e) => e.member === k);
      expect(own.map((e) => e.epoch)).toEqual(own.map((_, i) => i));
      expect(own.every((e) => e.members === 3 && e.epochs === settings.phase1.epochs)).toBe(true);
      expect(own.slice(1).every((e) => Number.isFinite(e.loss) && !e.refit)).toBe(true);
    }
    // The later heads report after the first head's last epoch and its stop, and no batches.
    const lastFirstEpoch = events.findLastIndex((e) => e.type === 'epoch');
    const after = events.slice(lastFirstEpoch + 1).map((e) => e.type);
    expect(after).toEqual(['stopped', ...later.map(() => 'member')]);
    // As head 2 starts, two heads of as many epochs as the first ran remain, at its pace.
    const pace = first[0]?.type === 'epoch' ? first[0].metrics.seconds : NaN;
    expect(pace).toBeGreaterThan(0);
    expect(later[0]?.etaSeconds).toBeCloseTo(2 * first.length * pace, 9);
    // At its last epoch the first head's patience was used up: it knew it ended there, and
    // counted the later heads at its own epoch count, not at every epoch asked.
    const lastFirst = first.at(-1);
    expect(lastFirst?.type === 'epoch' && lastFirst.etaSeconds).toBeCloseTo(
      2 * first.length * pace,
      9,
    );
    // Head 3 starts with only its own epochs left.
    const third = later.find((e) => e.member === 3);
    expect(third?.etaSeconds).toBeCloseTo(first.length * pace, 9);
  });

  it('reports the later heads’ refit epochs too, and the time left reaches 0 at the very end', async () => {
    const validated = await trainHead({
      featureShape: [16],
      classCount: 3,
      train: noise(64, 3),
      validation: noise(32, 4),
      settings: { ...settings, head: { ...settings.head, members: 1 } },
    });
    validated.head.dispose();
    const plan = refitPlan(validated.history, validated.bestEpoch);
    if (!plan) throw new Error('the validation phase kept no epoch');
    const events: TrainEvent[] = [];
    const refit = await refitHead(
      {
        featureShape: [16],
        classCount: 3,
        train: noise(96, 5),
        settings,
        onEvent: refitProgress((e) => events.push(e), plan.epochs, 3),
        now: steppingClock(),
      },
      plan,
    );
    refit.head.dispose();
    const refits = events.filter((e) => e.type === 'refit');
    expect(refits.map((e) => e.type === 'refit' && e.members)).toEqual(refits.map(() => 3));
    const later = members(events);
    const steps = later.map((e) => `${e.member}:${e.epoch}`);
    const expected = [2, 3].flatMap((k) =>
      Array.from({ length: plan.epochs + 1 }, (_, e) => `${k}:${e}`),
    );
    expect(steps).toEqual(expected);
    expect(later.every((e) => e.refit === true && e.epochs === plan.epochs)).toBe(true);
    const etas = [...refits, ...later].map((e) =>
      e.type === 'refit' || e.type === 'member' ? e.etaSeconds : NaN,
    );
    // Every refit epoch runs, so the time left never grows, and is 0 only after the last.
    etas.slice(1).forEach((s, i) => expect(s).toBeLessThanOrEqual(etas[i] ?? NaN));
    expect(etas.slice(0, -1).every((s) => s > 0)).toBe(true);
    expect(etas.at(-1)).toBe(0);
  });
});
