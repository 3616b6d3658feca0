import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../src/common/training.js';
import { chartSeries } from './chartSeries.js';
import {
  applyTrainEvent,
  formatDuration,
  keepsFineTuning,
  plannedEpochs,
  startedJob,
} from './jobState.js';
import { progressLine } from './progressLine.js';

const epoch = (phase: 1 | 2, n: number, loss: number) => ({
  type: 'epoch' as const,
  metrics: {
    phase,
    epoch: n,
    loss,
    accuracy: 0.5,
    valLoss: loss,
    valAccuracy: 0.6,
    learningRate: 1e-3,
    seconds: 0.1,
  },
  etaSeconds: 3,
});

describe('the Train screen’s job state', () => {
  it('turns events into progress, chart points and the phase boundary', () => {
    let job = startedJob('j');
    job = applyTrainEvent(
      job,
      { type: 'embedding', view: 'original', done: 5, total: 10, cached: 0, imagesPerSecond: 50 },
      4,
    );
    expect(job).toMatchObject({ stage: 'embedding', progress: 0.25 });
    // An augmented view's pass follows: the bar holds rather than going back to its start.
    job = applyTrainEvent(
      job,
      { type: 'embedding', view: 'aug:1', done: 1, total: 10, cached: 0, imagesPerSecond: 50 },
      4,
    );
    expect(job.progress).toBe(0.25);
    job = applyTrainEvent(
      job,
      { type: 'batch', phase: 1, epoch: 1, batch: 1, batches: 2, loss: 1.2, accuracy: 0.4 },
      4,
    );
    job = applyTrainEvent(job, epoch(1, 1, 1.0), 4);
    job = applyTrainEvent(
      job,
      { type: 'batch', phase: 1, epoch: 2, batch: 2, batches: 2, loss: 0.9, accuracy: 0.5 },
      4,
    );
    job = applyTrainEvent(job, epoch(1, 2, 0.8), 4);
    job = applyTrainEvent(job, epoch(2, 1, 0.7), 4);
    expect(job.batches.map((b) => b.x)).toEqual([0.5, 2]);
    expect(job.epochs).toHaveLength(3);
    expect(job.phase2StartsAt).toBe(2);
    expect(job.progress).toBeCloseTo(0.875);
    expect(job.etaSeconds).toBe(3);
    job = applyTrainEvent(
      job,
      { type: 'stopped', reason: 'early-stopping', epoch: 3, message: 'no progress' },
      4,
    );
    expect(job.stopped).toBe('no progress');
  });

  it('shows a refit as "epoch k of n" with the time left, and keeps it off the chart', () => {
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 3 },
    };
    let job = startedJob('j', settings);
    const planned = plannedEpochs(settings, 'image');
    expect(planned).toBe(6);
    for (const n of [1, 2, 3]) job = applyTrainEvent(job, epoch(1, n, 1 / n), planned);
    const series = chartSeries(job, 'loss');
    expect(progressLine(job)).toBe('Epoch 3 (phase 1) · about 3 s left');
    const progress = [job.progress];
    for (const k of [1, 2, 3]) {
      job = applyTrainEvent(
        job,
        { type: 'refit', epoch: k, epochs: 3, loss: 0.5 / k, accuracy: 0.9, etaSeconds: 6 - 2 * k },
        planned,
      );
      progress.push(job.progress);
      if (k === 2)
        expect(progressLine(job)).toBe('Refitting on all images: epoch 2 of 3 · about 2 s left');
    }
    expect(job).toMatchObject({ stage: 'refitting', etaSeconds: 0, progress: 1 });
    expect(job.refit).toMatchObject({ epoch: 3, epochs: 3, loss: 0.5 / 3 });
    // Refit epochs have no validation: the chart still shows the three validation-phase epochs.
    expect(job.epochs).toHaveLength(3);
    expect(chartSeries(job, 'loss')).toEqual(series);
    expect(progress.every((p, i) => i === 0 || p > (progress[i - 1] ?? 1))).toBe(true);
  });

  it('spans the refit in the progress bar only when one will run', () => {
    const phases = (phase1: number, phase2: number) => ({
      ...DEFAULT_TRAIN_SETTINGS,
      head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: phase1 },
      phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: phase2 },
    });
    expect(plannedEpochs({ ...phases(20, 0), refit: true }, 'image')).toBe(40);
    expect(plannedEpochs({ ...phases(20, 0), refit: false }, 'image')).toBe(20);
    expect(plannedEpochs({ ...phases(20, 0), validationSplit: 0 }, 'image')).toBe(20);
    expect(plannedEpochs({ ...phases(20, 0), refit: true }, 'text')).toBe(20);
    // Fine-tuning and a refit never both run.
    expect(plannedEpochs({ ...phases(20, 5), refit: true }, 'image')).toBe(25);
    // Three heads each train, and refit, phase 1's epochs; fine-tuning trains the folded one.
    const three = (settings: ReturnType<typeof phases>) => ({
      ...settings,
      head: { ...settings.head, members: 3 },
    });
    expect(plannedEpochs(three({ ...phases(20, 0), refit: true }), 'image')).toBe(120);
    expect(plannedEpochs(three({ ...phases(20, 5), refit: true }), 'image')).toBe(65);
  });

  it('shows the ensemble’s later heads, and fills the bar only when the last head has refit', () => {
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 3 },
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 4 },
    };
    const planned = plannedEpochs(settings, 'image');
    let job = startedJob('j', settings);
    const progress: number[] = [];
    const apply = (event: Parameters<typeof applyTrainEvent>[1]) => {
      job = applyTrainEvent(job, event, planned);
      progress.push(job.progress);
    };
    // The first head stops early after 2 of 4 epochs; the others then run 2 and 3.
    for (const n of [1, 2]) apply(epoch(1, n, 1 / n));
    const head = (member: number, epoch: number, refit = false) => ({
      type: 'member' as const,
      member,
      members: 3,
      epoch,
      epochs: refit ? 2 : 4,
      loss: 0.5,
      etaSeconds: 1,
      ...(refit ? { refit } : {}),
    });
    apply(head(2, 0));
    expect(progressLine(job)).toBe('Head 2 of 3: starting · about 1 s left');
    for (const e of [1, 2]) apply(head(2, e));
    expect(progressLine(job)).toBe('Head 2 of 3: epoch 2 of 4 · about 1 s left');
    for (const e of [0, 1, 2, 3]) apply(head(3, e));
    const afterPhase1 = job.progress;
    // Two heads' epochs beyond the first's: 2 + 2 + 3 of the 24 planned (12 to train, 12 to refit).
    expect(afterPhase1).toBeCloseTo(0.5 + (0.5 * 7) / 24, 9);
    for (const k of [1, 2]) {
      const refit = { type: 'refit' as const, epoch: k, epochs: 2, loss: 0.4, accuracy: 0.9 };
      apply({ ...refit, etaSeconds: 1, members: 3 });
    }
    expect(job.progress).toBeLessThan(1);
    for (const member of [2, 3]) for (const e of [0, 1, 2]) apply(head(member, e, true));
    expect(progressLine(job)).toBe(
      'Refitting on all images, head 3 of 3: epoch 2 of 2 · about 1 s left',
    );
    // It never goes back, and reaches 1 only with the last head's last refit epoch.
    progress.slice(1).forEach((p, i) => expect(p).toBeGreaterThanOrEqual(progress[i] ?? 1));
    expect(progress.filter((p) => p === 1)).toHaveLength(1);
    expect(progress.at(-1)).toBe(1);
    // The chart still shows the first head's two epochs only.
    expect(job.epochs).toHaveLength(2);
  });

  it('formats durations for the ETA', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(80)).toBe('1 min 20 s');
  });

  it('lists a run as fine-tuned only when fine-tuning was kept', () => {
    const epochs = [epoch(1, 1, 0.5).metrics, epoch(2, 2, 0.6).metrics];
    expect(keepsFineTuning({ epochs, fineTuning: { improved: false } })).toBe(false);
    expect(keepsFineTuning({ epochs, fineTuning: { improved: true } })).toBe(true);
    // Recorded before the outcome was: a phase-2 epoch is all there is to go by.
    expect(keepsFineTuning({ epochs })).toBe(true);
    expect(keepsFineTuning({ epochs: epochs.slice(0, 1) })).toBe(false);
  });
});
