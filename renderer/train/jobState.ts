import type { EventOf, ResponseOf } from '../../src/common/contract/contract.js';
import type { EpochMetrics, TrainSettings } from '../../src/common/training.js';

export type JobEvent = EventOf<'job.event'>['event'];

export type TrainResult = ResponseOf<'training.start'>;

export interface BatchPoint {
  /** Position in epochs: 1.5 is half-way through the second epoch (both phases run on). */
  x: number;
  phase: 1 | 2;
  loss: number;
  accuracy: number;
}

/** A training job as the Train screen shows it, built from the job's events. */
export interface JobState {
  jobId: string;
  /** The settings it trains with, and when it started (a project records both per run). */
  settings?: TrainSettings;
  startedAt?: string;
  status: 'running' | 'done' | 'failed';
  stage: 'starting' | 'embedding' | 'training' | 'refitting';
  embedding?: { view: string; done: number; total: number; imagesPerSecond: number };
  epochs: EpochMetrics[];
  batches: BatchPoint[];
  /** 0..1 over the whole run as far as it is known. */
  progress: number;
  etaSeconds?: number;
  /**
   * The refit's last epoch (k of n, its training loss), and the progress when it began. Kept out
   * of `epochs`: a refit epoch has no validation, and the chart plots the validation phase.
   */
  refit?: { epoch: number; epochs: number; loss: number; from: number };
  /** The epoch where phase 2 (fine-tuning) began, for the chart's boundary line. */
  phase2StartsAt?: number;
  stopped?: string;
  error?: { code: string; message: string };
  result?: TrainResult;
}

export function startedJob(jobId: string, settings?: TrainSettings, startedAt?: string): JobState {
  return {
    jobId,
    ...(settings ? { settings } : {}),
    ...(startedAt ? { startedAt } : {}),
    status: 'running',
    stage: 'starting',
    epochs: [],
    batches: [],
    progress: 0,
  };
}

/** The next state after one event (pure, so the charts' data can be tested without a browser). */
export function applyTrainEvent(job: JobState, event: JobEvent, plannedEpochs: number): JobState {
  switch (event.type) {
    case 'embedding':
      return {
        ...job,
        stage: 'embedding',
        embedding: {
          view: event.view,
          done: event.done,
          total: event.total,
          imagesPerSecond: event.imagesPerSecond,
        },
        progress: event.total === 0 ? 0 : (0.5 * event.done) / event.total,
      };
    case 'batch': {
      const x = job.epochs.length + event.batch / Math.max(1, event.batches);
      return {
        ...job,
        stage: 'training',
        batches: [
          ...job.batches,
          { x, phase: event.phase, loss: event.loss, accuracy: event.accuracy },
        ],
      };
    }
    case 'epoch': {
      const epochs = [...job.epochs, event.metrics];
      const phase2StartsAt =
        job.phase2StartsAt ?? (event.metrics.phase === 2 ? job.epochs.length : undefined);
      return {
        ...job,
        stage: 'training',
        epochs,
        etaSeconds: event.etaSeconds,
        progress: Math.min(1, 0.5 + (0.5 * epochs.length) / Math.max(1, plannedEpochs)),
        ...(phase2StartsAt === undefined ? {} : { phase2StartsAt }),
      };
    }
    case 'refit': {
      const from = job.refit?.from ?? job.progress;
      return {
        ...job,
        stage: 'refitting',
        refit: { epoch: event.epoch, epochs: event.epochs, loss: event.loss, from },
        etaSeconds: event.etaSeconds,
        progress: from + ((1 - from) * event.epoch) / Math.max(1, event.epochs),
      };
    }
    case 'stopped':
      return { ...job, stopped: event.message };
    default:
      return job;
  }
}

/**
 * Epochs the progress bar spans: both phases, and a refit's as many again as phase 1 at most (it
 * replays phase 1 up to its best epoch), so the bar does not fill before the refit has run.
 */
export function plannedEpochs(settings: TrainSettings, modality: 'image' | 'text'): number {
  // Text runs do not refit.
  const refits =
    modality === 'image' &&
    settings.refit === true &&
    settings.phase2.epochs <= 0 &&
    settings.validationSplit > 0;
  return settings.phase1.epochs * (refits ? 2 : 1) + Math.max(0, settings.phase2.epochs);
}

export function finishedJob(job: JobState, result: TrainResult): JobState {
  return { ...job, status: 'done', progress: 1, result };
}

export function failedJob(job: JobState, error: { code: string; message: string }): JobState {
  return { ...job, status: 'failed', error };
}

/** "1 min 20 s" from seconds. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * Whether a run's model is a fine-tuned one: fine-tuning ran and one of its epochs beat phase 1.
 * Runs recorded before the outcome was (no `fineTuning`) count any phase-2 epoch, as they did.
 */
export function keepsFineTuning(run: {
  epochs: readonly EpochMetrics[];
  fineTuning?: { improved: boolean } | undefined;
}): boolean {
  return run.fineTuning ? run.fineTuning.improved : run.epochs.some((e) => e.phase === 2);
}
