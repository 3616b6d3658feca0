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
  /** The ensemble head after the first that is training now (or refitting, with `refit`). */
  member?: { member: number; members: number; epoch: number; epochs: number; refit: boolean };
  /** Phase-1 epochs the ensemble's later heads finished before the current one: bar progress. */
  laterHeadEpochs?: number;
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
    case 'embedding': {
      // After phase 1, this is fine-tuning's pass to the freeze line: the heads are done.
      const { member: _, ...rest } = job;
      const laterHeadEpochs = laterHeadEpochsBefore(job, undefined);
      return {
        ...rest,
        stage: 'embedding',
        embedding: {
          view: event.view,
          done: event.done,
          total: event.total,
          imagesPerSecond: event.imagesPerSecond,
        },
        progress: Math.max(job.progress, embeddingProgress(job, event)),
        ...(laterHeadEpochs > 0 ? { laterHeadEpochs } : {}),
      };
    }
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
      const { member: _, ...rest } = job;
      const epochs = [...job.epochs, event.metrics];
      const phase2StartsAt =
        job.phase2StartsAt ?? (event.metrics.phase === 2 ? job.epochs.length : undefined);
      const laterHeadEpochs = laterHeadEpochsBefore(job, undefined);
      const done = epochs.length + laterHeadEpochs;
      return {
        ...rest,
        stage: 'training',
        epochs,
        etaSeconds: event.etaSeconds,
        progress: Math.min(1, 0.5 + (0.5 * done) / Math.max(1, plannedEpochs)),
        ...(laterHeadEpochs > 0 ? { laterHeadEpochs } : {}),
        ...(phase2StartsAt === undefined ? {} : { phase2StartsAt }),
      };
    }
    case 'refit': {
      const from = job.refit?.from ?? job.progress;
      const { member: _, ...rest } = job;
      const epochs = Math.max(1, event.epochs) * Math.max(1, event.members ?? 1);
      return {
        ...rest,
        stage: 'refitting',
        refit: { epoch: event.epoch, epochs: event.epochs, loss: event.loss, from },
        etaSeconds: event.etaSeconds,
        progress: from + ((1 - from) * event.epoch) / epochs,
      };
    }
    case 'member':
      return event.refit ? refittingHead(job, event) : trainingHead(job, event, plannedEpochs);
    case 'stopped':
      return { ...job, stopped: event.message };
    default:
      return job;
  }
}

/**
 * The bar's first half runs over the embedding pass (each view in turn: the bar holds at a view's
 * end rather than going back for the next). After phase 1, the pass is fine-tuning's, and the bar
 * holds where training left it.
 */
function embeddingProgress(job: JobState, event: { done: number; total: number }): number {
  if (job.epochs.length > 0 || event.total === 0) return 0;
  return (0.5 * event.done) / event.total;
}

type MemberEvent = Extract<JobEvent, { type: 'member' }>;

/** An ensemble head after the first training in phase 1: its epochs fill the bar after the first's. */
function trainingHead(job: JobState, event: MemberEvent, plannedEpochs: number): JobState {
  const laterHeadEpochs = laterHeadEpochsBefore(job, event.member);
  const done = job.epochs.length + laterHeadEpochs + event.epoch;
  return {
    ...job,
    stage: 'training',
    member: { ...memberOf(event), refit: false },
    laterHeadEpochs,
    etaSeconds: event.etaSeconds,
    progress: Math.max(job.progress, Math.min(1, 0.5 + (0.5 * done) / Math.max(1, plannedEpochs))),
  };
}

/** An ensemble head after the first refitting: the refit's share of the bar is all heads'. */
function refittingHead(job: JobState, event: MemberEvent): JobState {
  const from = job.refit?.from ?? job.progress;
  const done = (event.member - 1) * event.epochs + event.epoch;
  return {
    ...job,
    stage: 'refitting',
    member: { ...memberOf(event), refit: true },
    etaSeconds: event.etaSeconds,
    progress: Math.min(1, from + ((1 - from) * done) / Math.max(1, event.members * event.epochs)),
  };
}

function memberOf(event: MemberEvent): Omit<NonNullable<JobState['member']>, 'refit'> {
  const { member, members, epoch, epochs } = event;
  return { member, members, epoch, epochs };
}

/**
 * Phase-1 epochs of the later heads finished before head `next` (undefined: after them all): the
 * head that reported last counts in full once another, or an ordinary epoch, follows it.
 */
function laterHeadEpochsBefore(job: JobState, next: number | undefined): number {
  const finished = job.laterHeadEpochs ?? 0;
  const current = job.member;
  if (!current || current.refit || current.member === next) return finished;
  return finished + current.epoch;
}

/**
 * Epochs the progress bar spans: both phases, and a refit's as many again as phase 1 at most (it
 * replays phase 1 up to its best epoch), so the bar does not fill before the refit has run. An
 * ensemble's heads each train (and refit) phase 1 in turn.
 */
export function plannedEpochs(settings: TrainSettings, modality: 'image' | 'text'): number {
  // Text runs do not refit.
  const refits =
    modality === 'image' &&
    settings.refit === true &&
    settings.phase2.epochs <= 0 &&
    settings.validationSplit > 0;
  const heads = Math.max(1, settings.head.members ?? 1);
  return settings.phase1.epochs * heads * (refits ? 2 : 1) + Math.max(0, settings.phase2.epochs);
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
