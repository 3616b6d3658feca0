import type { EpochMetrics, TrainEvent } from '../../../common/training.js';

type BatchEvent = Extract<TrainEvent, { type: 'batch' }>;

/** What follows phase 1 in the run, so that phase 1's ETA covers the whole run. */
export interface LaterWork {
  /**
   * Fine-tuning's epochs and the seconds one is expected to take: timed on the fine-tuning model
   * itself before phase 1, since a phase-2 epoch (backprop through conv blocks) costs many times
   * a head epoch on cached features.
   */
  fineTuning?: {
    epochs: number;
    secondsPerEpoch: number;
    /** Before its first epoch: the base's layers below the freeze line run over the images. */
    prepSeconds?: number;
  };
  /**
   * A refit follows: it replays phase 1's epochs up to the one validation keeps, on training and
   * validation rows; `rowsRatio` is those rows over phase 1's training rows.
   */
  refit?: { rowsRatio: number };
  /**
   * Heads in the ensemble (`head.members`): the first reports its epochs, the others then train
   * silently on the same schedule, in phase 1 and again in a refit.
   */
  members?: number;
}

/**
 * Turns the loop's progress into events: every epoch with an ETA, and batches at most once per
 * `batchInterval` milliseconds of the injected clock (and always an epoch's first and last), so
 * a fast loop does not flood the window with messages.
 */
export class ProgressEvents {
  private lastBatchEvent = -Infinity;

  constructor(
    private readonly emit: ((event: TrainEvent) => void) | undefined,
    private readonly now: () => number,
    private readonly batchInterval = 100,
  ) {}

  batch(event: Omit<BatchEvent, 'type'>): void {
    const edge = event.batch === 1 || event.batch === event.batches;
    if (!edge && this.now() - this.lastBatchEvent < this.batchInterval) return;
    this.lastBatchEvent = this.now();
    this.emit?.({ type: 'batch', ...event });
  }

  epoch(
    metrics: EpochMetrics,
    history: readonly EpochMetrics[],
    epochs: number,
    later: LaterWork = {},
  ): void {
    this.emit?.({ type: 'epoch', metrics, etaSeconds: eta(history, epochs, later) });
  }
}

/**
 * Seconds left in the run: this phase's remaining epochs (of `epochs`) at the mean pace of its
 * epochs so far, then, after phase 1, fine-tuning (its preparation, and its epochs at their own
 * timed pace) or a refit at phase 1's
 * pace scaled by its rows. Like the epoch count, it assumes every epoch asked for runs: early
 * stopping only ever makes the run shorter than said.
 */
export function eta(
  history: readonly EpochMetrics[],
  epochs: number,
  later: LaterWork = {},
): number {
  const phase = history.at(-1)?.phase;
  const thisPhase = history.filter((m) => m.phase === phase);
  if (thisPhase.length === 0) return 0;
  const mean = thisPhase.reduce((sum, m) => sum + m.seconds, 0) / thisPhase.length;
  const left = Math.max(0, epochs - thisPhase.length);
  const members = phase === 1 ? Math.max(1, later.members ?? 1) : 1;
  // Each silent member may run every epoch asked for, like the first.
  let seconds = mean * left + (members - 1) * mean * epochs;
  if (phase === 1 && later.fineTuning) {
    const { epochs: tuned, secondsPerEpoch, prepSeconds = 0 } = later.fineTuning;
    seconds += prepSeconds + tuned * secondsPerEpoch;
  }
  if (phase === 1 && later.refit)
    seconds += refitEpochsAtMost(thisPhase, left) * mean * later.refit.rowsRatio * members;
  return Math.max(0, seconds);
}

/**
 * The refit replays phase 1 up to its best epoch: at most the best so far plus every epoch still
 * to run (each of which may become the best).
 */
function refitEpochsAtMost(phase1: readonly EpochMetrics[], epochsLeft: number): number {
  const losses = phase1.map((m) => m.valLoss ?? m.loss);
  const best = losses.indexOf(Math.min(...losses)) + 1;
  return best + epochsLeft;
}

/**
 * The refit's loop events as the run reports them: each epoch becomes "refit epoch k of n" with
 * its training loss and the time left (the refit is the run's last training step), batches are
 * dropped (a refit epoch on cached features is short), and a stop is passed on.
 */
export function refitProgress(
  emit: ((event: TrainEvent) => void) | undefined,
  epochs: number,
  members = 1,
): ((event: TrainEvent) => void) | undefined {
  if (!emit) return undefined;
  let secondsSoFar = 0;
  let epochsSoFar = 0;
  return (event) => {
    if (event.type === 'epoch') {
      secondsSoFar += event.metrics.seconds;
      epochsSoFar += 1;
      // Only the first of the ensemble's heads reports; the others then refit at its pace.
      const silentMembers = (Math.max(1, members) - 1) * epochs * (secondsSoFar / epochsSoFar);
      emit({
        type: 'refit',
        epoch: event.metrics.epoch,
        epochs,
        loss: event.metrics.loss,
        accuracy: event.metrics.accuracy,
        etaSeconds: Math.max(0, event.etaSeconds + silentMembers),
      });
    } else if (event.type === 'stopped') emit(event);
  };
}
