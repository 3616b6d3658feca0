import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../src/common/training.js';
import { preparingFineTuning } from './fineTuningPrep.js';
import { applyTrainEvent, failedJob, startedJob, type JobState } from './jobState.js';
import { progressLine } from './progressLine.js';

const settings = (phase1: number, phase2: number): TrainSettings => ({
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: phase1 },
  phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: phase2 },
});

const epoch = (phase: 1 | 2, n: number) => ({
  type: 'epoch' as const,
  metrics: { phase, epoch: n, loss: 1, accuracy: 0.5, learningRate: 1e-3, seconds: 2 },
  etaSeconds: 0,
});

const run = (s: TrainSettings, events: Parameters<typeof applyTrainEvent>[1][]): JobState =>
  events.reduce(
    (job, event) => applyTrainEvent(job, event, s.phase1.epochs + s.phase2.epochs),
    startedJob('job', s),
  );

describe('preparingFineTuning', () => {
  it('is true between the last phase-1 epoch and the first fine-tuning epoch', () => {
    const s = settings(2, 3);
    expect(preparingFineTuning(run(s, [epoch(1, 1)]))).toBe(false);
    expect(preparingFineTuning(run(s, [epoch(1, 1), epoch(1, 2)]))).toBe(true);
    expect(preparingFineTuning(run(s, [epoch(1, 1), epoch(1, 2), epoch(2, 3)]))).toBe(false);
  });

  it('is true when phase 1 stopped early, since fine-tuning still follows', () => {
    const stopped = {
      type: 'stopped' as const,
      reason: 'early-stopping' as const,
      epoch: 2,
      message: 'Validation loss stopped improving.',
    };
    expect(preparingFineTuning(run(settings(10, 3), [epoch(1, 1), epoch(1, 2), stopped]))).toBe(
      true,
    );
  });

  it('is false while the ensemble’s later heads train, true again once fine-tuning’s pass reports', () => {
    const s = { ...settings(2, 3), head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 2 } };
    const head = { type: 'member' as const, member: 2, members: 2, epochs: 2, etaSeconds: 9 };
    const heads = run(s, [epoch(1, 1), epoch(1, 2), { ...head, epoch: 0 }, { ...head, epoch: 1 }]);
    expect(preparingFineTuning(heads)).toBe(false);
    expect(progressLine(heads)).toBe('Head 2 of 2: epoch 1 of 2 · about 9 s left');
    const pass = { type: 'embedding' as const, view: 'cut:block_16', done: 3, total: 10 };
    const preparing = applyTrainEvent(heads, { ...pass, cached: 0, imagesPerSecond: 30 }, 7);
    expect(preparingFineTuning(preparing)).toBe(true);
    expect(progressLine(preparing)).toMatch(/^Preparing fine-tuning… Running the base/);
    // The bar holds where the heads left it instead of going back to the embedding's half.
    expect(preparing.progress).toBe(heads.progress);
    expect(preparing.progress).toBeGreaterThan(0.5);
  });

  it('is false without fine-tuning epochs, and once the run is over', () => {
    expect(preparingFineTuning(run(settings(2, 0), [epoch(1, 1), epoch(1, 2)]))).toBe(false);
    const job = run(settings(1, 2), [epoch(1, 1)]);
    expect(preparingFineTuning(failedJob(job, { code: 'INTERNAL', message: 'crashed' }))).toBe(
      false,
    );
  });
});
