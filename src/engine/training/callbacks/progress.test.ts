import * as tf from '../../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/random.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  type EpochMetrics,
  type TrainEvent,
  type TrainSettings,
} from '../../../common/training.js';
import { fitOnArrays, type FeatureSet } from '../fitOnArrays.js';
import { trainHead } from '../trainHead.js';
import { eta, expectedEpochs, refitProgress, type LaterWork } from './progress.js';

const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  earlyStoppingPatience: 0,
  reduceLearningRatePatience: 0,
};

/** Two classes of 4-feature rows, apart on the first feature. */
function rows(count: number, seed: number): FeatureSet {
  const random = seededRandom(seed);
  const labels = Array.from({ length: count }, (_, i) => i % 2);
  const features = Float32Array.from(
    labels.flatMap((label) => [label * 2 - 1 + random() - 0.5, random(), random(), random()]),
  );
  return { features, labels };
}

function classifier(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 2, inputShape: [4], activation: 'softmax' }));
  return model;
}

/**
 * A clock that only moves when a batch reports: each batch of the phase "takes" `msPerBatch`, so
 * epoch times, and the ETAs made from them, are exact and do not depend on this machine.
 */
function fakeClock(events: TrainEvent[]) {
  const clock = { time: 0, msPerBatch: 0 };
  const onEvent = (event: TrainEvent) => {
    events.push(event);
    if (event.type === 'batch') clock.time += clock.msPerBatch;
  };
  return { clock, onEvent, now: () => clock.time };
}

/** Phase-1 epochs with these validation losses, each taking `seconds`. */
function phase1History(valLosses: number[], seconds: number): EpochMetrics[] {
  return valLosses.map((valLoss, i) => ({
    phase: 1,
    epoch: i + 1,
    loss: valLoss,
    accuracy: 0.5,
    valLoss,
    valAccuracy: 0.5,
    learningRate: 1e-3,
    seconds,
  }));
}

const etas = (events: TrainEvent[], phase: 1 | 2) =>
  events.flatMap((e) => (e.type === 'epoch' && e.metrics.phase === phase ? [e.etaSeconds] : []));

describe('the ETA over the whole run', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('counts fine-tuning at its own timed pace from phase 1 on, never goes negative, and ends at 0', async () => {
    const events: TrainEvent[] = [];
    const { clock, onEvent, now } = fakeClock(events);
    // 40 rows in batches of 10: 4 batches an epoch.
    const input = {
      featureShape: [4],
      classCount: 2,
      train: rows(40, 1),
      validation: rows(10, 2),
      settings,
      onEvent,
      now,
      batchEventInterval: 0,
    };
    const phase1 = { ...settings.phase1, epochs: 5, batchSize: 10 };
    const phase2 = { ...settings.phase2, epochs: 3, batchSize: 10 };
    // Phase 1's epochs take 0.1 s; fine-tuning's were timed (before phase 1) at 2 s each, after
    // 1.5 s of preparation.
    const later: LaterWork = { fineTuning: { epochs: 3, secondsPerEpoch: 2, prepSeconds: 1.5 } };
    clock.msPerBatch = 25;
    const head = classifier();
    await fitOnArrays(head, 1, phase1, { ...input, later });
    clock.msPerBatch = 500;
    const tuned = classifier();
    await fitOnArrays(tuned, 2, phase2, { ...input, firstEpoch: 6 });
    head.dispose();
    tuned.dispose();

    const first = etas(events, 1);
    [4, 3, 2, 1, 0].forEach((left, i) => expect(first[i]).toBeCloseTo(left * 0.1 + 1.5 + 3 * 2, 9));
    // At phase 1's pace, the 3 fine-tuning epochs would have been said to take 0.3 s.
    expect(first.at(-1)).toBeCloseTo(7.5, 9);
    expect(etas(events, 2)).toEqual([4, 2, 0]);
    expect([...first, ...etas(events, 2)].every((s) => s >= 0)).toBe(true);
  });

  it('counts a refit at phase 1 pace scaled by its rows, for at most the epochs it may replay', () => {
    const history = phase1History([1, 0.8, 0.9], 2);
    const later: LaterWork = { refit: { rowsRatio: 1.25 } };
    // 7 phase-1 epochs left at 2 s; the refit replays at most the best epoch (2) and the 7 left.
    expect(eta(history, 10, later)).toBe(7 * 2 + 9 * 2 * 1.25);
    // Phase 1 over: only the refit of its 2 best epochs remains.
    expect(eta(history, 3, later)).toBe(2 * 2 * 1.25);
    // A phase that ran past its count (a resumed run with fewer epochs asked) is not below 0.
    expect(eta(history, 2)).toBe(0);
    expect(eta([], 10, later)).toBe(0);
  });

  it('counts the ensemble’s silent heads: each may run every phase-1 epoch, and each refits', () => {
    const history = phase1History([1, 0.8, 0.9], 2);
    const later: LaterWork = { refit: { rowsRatio: 1.25 }, members: 3 };
    // The first head's 7 epochs left, two more heads of up to 10 epochs, three refits of 9.
    expect(eta(history, 10, later)).toBe(7 * 2 + 2 * 10 * 2 + 3 * 9 * 2 * 1.25);
    // Phase 2 trains the one folded head.
    expect(
      eta(
        history.slice(0, 1).map((m) => ({ ...m, phase: 2 })),
        4,
        later,
      ),
    ).toBe(3 * 2);
  });

  it('says how many heads refit, and marks the later heads’ events as the refit’s', () => {
    const sent: TrainEvent[] = [];
    const emit = refitProgress((e) => sent.push(e), 4, 3);
    const metrics: EpochMetrics = {
      phase: 1,
      epoch: 4,
      loss: 0.4,
      accuracy: 0.9,
      learningRate: 1e-3,
      seconds: 0.5,
    };
    // The first head's ETA already counts the two heads after it (trainHead tells it).
    emit?.({ type: 'epoch', metrics, etaSeconds: 4 });
    const second = { member: 2, members: 3, epoch: 1, epochs: 4, loss: 0.5, etaSeconds: 3.5 };
    emit?.({ type: 'member', ...second });
    expect(sent).toEqual([
      { type: 'refit', epoch: 4, epochs: 4, loss: 0.4, accuracy: 0.9, etaSeconds: 4, members: 3 },
      { type: 'member', ...second, refit: true },
    ]);
  });

  it('counts the later heads at the first head’s epoch count once it has ended', () => {
    // The first head stopped after 8 of 30 epochs (2 s each), keeping epoch 5; head 2 of 3 has
    // run 3 epochs at 2.5 s.
    const first = { epochs: 8, bestEpoch: 5, secondsPerEpoch: 2 };
    const later: LaterWork = {
      refit: { rowsRatio: 1.25 },
      members: 3,
      ensemble: { member: 2, first },
    };
    const head2 = phase1History([1, 0.9, 0.95], 2.5);
    // Its own 5 epochs left and head 3's 8, then three refits of the first head's 5 kept epochs.
    expect(eta(head2, 30, later)).toBe(5 * 2.5 + 8 * 2.5 + 3 * 5 * 2.5 * 1.25);
    // As it starts, at the first head's pace.
    expect(eta([], 30, later)).toBe(8 * 2 + 8 * 2 + 3 * 5 * 2 * 1.25);
    // Past the first head's count it may still run: nothing of its own is counted, never less.
    const long = phase1History(
      Array.from({ length: 10 }, () => 1),
      2,
    );
    expect(eta(long, 30, { members: 3, ensemble: { member: 3, first } })).toBe(0);
  });

  it('turns the refit loop’s epochs into "refit epoch k of n" and drops its batches', () => {
    const sent: TrainEvent[] = [];
    const emit = refitProgress((e) => sent.push(e), 4);
    const metrics: EpochMetrics = {
      phase: 1,
      epoch: 2,
      loss: 0.42,
      accuracy: 0.875,
      learningRate: 1e-3,
      seconds: 1.5,
    };
    emit?.({ type: 'batch', phase: 1, epoch: 2, batch: 1, batches: 3, loss: 0.5, accuracy: 0.8 });
    emit?.({ type: 'epoch', metrics, etaSeconds: 3 });
    emit?.({ type: 'stopped', reason: 'cancelled', epoch: 3, message: 'cancelled by the user' });
    expect(sent).toEqual([
      { type: 'refit', epoch: 2, epochs: 4, loss: 0.42, accuracy: 0.875, etaSeconds: 3 },
      { type: 'stopped', reason: 'cancelled', epoch: 3, message: 'cancelled by the user' },
    ]);
    expect(refitProgress(undefined, 4)).toBeUndefined();
  });

  it('expects early stopping to end phase 1 patience + 1 epochs after its best, moving out with each new best', () => {
    const later: LaterWork = { refit: { rowsRatio: 1.25 }, members: 3, earlyStoppingPatience: 10 };
    // Epoch 1 of 60 at 2 s, 3 heads and their refits: counting every epoch asked said
    // 59·2 + 2·60·2 + 3·60·2·1.25 = 808 s. Expected now: this head to epoch 12, the two others
    // as long, three refits of 2 epochs (the kept epoch once patience runs out after epoch 12).
    const first = phase1History([1], 2);
    expect(eta(first, 60, later)).toBe(11 * 2 + 2 * 12 * 2 + 3 * 2 * 2 * 1.25);
    // A new best at epoch 5 (6 run): the phase is expected to end at 16, keeping epoch 6 at most.
    const improved = phase1History([1, 0.9, 0.95, 0.97, 0.8, 0.85], 2);
    expect(expectedEpochs(improved, 60, 10)).toBe(16);
    expect(eta(improved, 60, later)).toBe(10 * 2 + 2 * 16 * 2 + 3 * 6 * 2 * 1.25);
    // Never past the epochs asked: best at 55 of 58 run, 60 asked.
    const late = phase1History([...Array.from({ length: 55 }, (_, i) => 10 - i * 0.1), 5, 5, 5], 2);
    expect(expectedEpochs(late, 60, 10)).toBe(60);
    // Patience used up (best at 3, 13 run): the phase ends now; only the refits of 3 remain.
    const stopped = phase1History([1, 0.9, 0.8, ...Array.from({ length: 10 }, () => 0.85)], 2);
    expect(expectedEpochs(stopped, 60, 10)).toBe(13);
    expect(eta(stopped, 60, later)).toBe(2 * 13 * 2 + 3 * 3 * 2 * 1.25);
    // Without early stopping every epoch asked still counts.
    expect(expectedEpochs(first, 60, 0)).toBe(60);
  });

  it('counts a head that early stopping will end by its best epoch, through trainHead, with a fake clock', async () => {
    const events: TrainEvent[] = [];
    const { clock, onEvent, now } = fakeClock(events);
    // Validation labels are the training rule reversed: every epoch that learns the training rows
    // makes the validation loss worse, so epoch 1 stays the best and patience 2 stops epoch 3.
    const validation = rows(10, 2);
    validation.labels = validation.labels.map((label) => 1 - label);
    clock.msPerBatch = 25;
    const result = await trainHead({
      featureShape: [4],
      classCount: 2,
      train: rows(40, 1),
      validation,
      settings: {
        ...settings,
        head: { pooling: 'average', hidden: [], dropout: 0, members: 2 },
        phase1: { ...settings.phase1, epochs: 30, batchSize: 10 },
        earlyStoppingPatience: 2,
      },
      onEvent,
      now,
      batchEventInterval: 0,
    });
    result.head.dispose();
    expect(result.bestEpoch).toBe(1);
    expect(result.history.map((m) => m.epoch)).toEqual([1, 2, 3]);
    // 0.1 s an epoch. Epoch 1: 3 more expected (to 1 + 2 + 1), the second head 4. Counting every
    // epoch asked said 2.9 + 3.0. At epoch 3 the phase ends: the second head at its 3 epochs.
    const said = etas(events, 1);
    [0.3 + 0.4, 0.2 + 0.4, 0 + 0.3].forEach((seconds, i) =>
      expect(said[i]).toBeCloseTo(seconds, 9),
    );
  });
});
