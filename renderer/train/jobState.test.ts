import { describe, expect, it } from 'vitest';
import { applyTrainEvent, formatDuration, keepsFineTuning, startedJob } from './jobState.js';

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
