import type { EpochMetrics, TrainEvent } from '../../../common/training.js';

type BatchEvent = Extract<TrainEvent, { type: 'batch' }>;

/**
 * What the ETA knows beyond the epochs so far: what follows phase 1 in the run, so that phase 1's
 * ETA covers the whole run, and the phase's early-stopping patience.
 */
export interface LaterWork {
  /**
   * This phase's early-stopping patience (0 or absent: off, or a replayed refit). With it, the
   * ETA expects the phase to end `patience + 1` epochs after its best so far, never past the
   * epochs asked: an estimate that moves out with every new best, where counting every epoch
   * asked gave an upper bound that early stopping nearly always cut short (655 s said at epoch
   * 1 for a run with 20 s left).
   */
  earlyStoppingPatience?: number;
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
   * one after another on the same schedule (reporting `member` events), in phase 1 and again in a
   * refit.
   */
  members?: number;
  /** Set while a later head of the ensemble trains: which one, and what the first one did. */
  ensemble?: LaterMember;
}

/** A head of the ensemble after the first, and the first head's run that it is expected to repeat. */
export interface LaterMember {
  /** This head, from 2. */
  member: number;
  first: {
    /** The phase-1 epochs the first head ran (fewer than asked when early stopping ended it). */
    epochs: number;
    /** Its kept epoch: the epochs a refit replays. */
    bestEpoch: number;
    /** Seconds per epoch of the head trained last: this head's pace until it has its own. */
    secondsPerEpoch: number;
  };
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
 * Seconds left in the run: this phase's remaining epochs at the mean pace of its epochs so far,
 * the ensemble's later heads, then, after phase 1, fine-tuning (its preparation, and its epochs at
 * their own timed pace) or a refit at phase 1's pace scaled by its rows. While the first head
 * trains, its phase is expected to run to `expectedEpochs` (all of `epochs` without early
 * stopping); once it has ended, the later heads count at its epoch count.
 */
export function eta(
  history: readonly EpochMetrics[],
  epochs: number,
  later: LaterWork = {},
): number {
  const { ensemble } = later;
  // A later head reports its ETA before its first epoch too: phase 1, at the first head's pace.
  const phase = history.at(-1)?.phase ?? (ensemble ? 1 : undefined);
  const thisPhase = history.filter((m) => m.phase === phase);
  const mean =
    thisPhase.length > 0
      ? thisPhase.reduce((sum, m) => sum + m.seconds, 0) / thisPhase.length
      : (ensemble?.first.secondsPerEpoch ?? 0);
  if (thisPhase.length === 0 && !ensemble) return 0;
  const members = phase === 1 ? Math.max(1, later.members ?? 1) : 1;
  const member = phase === 1 ? (ensemble?.member ?? 1) : 1;
  // Later heads train with the first's settings on the same rows, only from another seed: the
  // epochs the first ran are the best guess of theirs, though each may stop at another epoch.
  const expected = expectedEpochs(thisPhase, epochs, later.earlyStoppingPatience);
  const perHead = ensemble ? Math.min(epochs, ensemble.first.epochs) : expected;
  const ownEnd = Math.min(perHead, expected);
  const left = Math.max(0, ownEnd - thisPhase.length);
  let seconds = mean * left + Math.max(0, members - member) * perHead * mean;
  if (phase === 1 && later.fineTuning) {
    const { epochs: tuned, secondsPerEpoch, prepSeconds = 0 } = later.fineTuning;
    seconds += prepSeconds + tuned * secondsPerEpoch;
  }
  if (phase === 1 && later.refit) {
    // Once the first head has ended, the epochs a refit replays are known: its kept epoch.
    const refitEpochs =
      ensemble?.first.bestEpoch ??
      keptEpochExpected(thisPhase, ownEnd, later.earlyStoppingPatience);
    seconds += refitEpochs * mean * later.refit.rowsRatio * members;
  }
  return Math.max(0, seconds);
}

/**
 * The epochs this phase is expected to run in all: those asked, or with early stopping
 * min(asked, best so far + patience + 1). Early stopping ends a phase `patience` epochs after its
 * best; the extra one allows for a late new best. Every new best moves the estimate out; once
 * patience is used up, the phase ends with this epoch.
 */
export function expectedEpochs(
  phase: readonly EpochMetrics[],
  epochs: number,
  patience = 0,
): number {
  if (patience <= 0 || phase.length === 0) return epochs;
  const best = bestEpochInPhase(phase);
  // Patience is used up: early stopping ends the phase after this epoch.
  if (phase.length - best >= patience) return Math.min(epochs, phase.length);
  return Math.min(epochs, best + patience + 1);
}

/**
 * The epoch a refit is expected to replay up to, once the phase has run to `end`: the best so
 * far plus every epoch still to run (each of which may become the best), but with early stopping
 * no later than `end - patience` (a phase stopped early ended `patience` epochs after its best).
 */
function keptEpochExpected(phase: readonly EpochMetrics[], end: number, patience = 0): number {
  const best = bestEpochInPhase(phase);
  const atMost = best + Math.max(0, end - phase.length);
  return patience > 0 ? Math.min(atMost, Math.max(best, end - patience)) : atMost;
}

/** The phase's best epoch, counted from 1 within the phase: the least validation loss so far. */
function bestEpochInPhase(phase: readonly EpochMetrics[]): number {
  const losses = phase.map((m) => m.valLoss ?? m.loss);
  return losses.indexOf(Math.min(...losses)) + 1;
}

/**
 * The refit's loop events as the run reports them: each of the first head's epochs becomes
 * "refit epoch k of n" with its training loss and the time left (the refit is the run's last
 * training step), the later heads' `member` events are marked as the refit's, batches are
 * dropped (a refit epoch on cached features is short), and a stop is passed on.
 */
export function refitProgress(
  emit: ((event: TrainEvent) => void) | undefined,
  epochs: number,
  members = 1,
): ((event: TrainEvent) => void) | undefined {
  if (!emit) return undefined;
  const heads = Math.max(1, members);
  return (event) => {
    // The first head's ETA already counts the later heads (trainHead tells it how many).
    if (event.type === 'epoch')
      emit({
        type: 'refit',
        epoch: event.metrics.epoch,
        epochs,
        loss: event.metrics.loss,
        accuracy: event.metrics.accuracy,
        etaSeconds: Math.max(0, event.etaSeconds),
        ...(heads > 1 ? { members: heads } : {}),
      });
    else if (event.type === 'member') emit({ ...event, refit: true });
    else if (event.type === 'stopped') emit(event);
  };
}

/**
 * A later ensemble head's loop events as the run reports them: each epoch becomes "head k of n:
 * epoch e" with its loss and the time left; its batches and its own stop (early stopping, said
 * once already by the first head) are dropped, since the chart and the record follow the first.
 */
export function memberProgress(
  emit: ((event: TrainEvent) => void) | undefined,
  head: { member: number; members: number; epochs: number },
): ((event: TrainEvent) => void) | undefined {
  if (!emit) return undefined;
  return (event) => {
    if (event.type !== 'epoch') return;
    const { epoch, loss, accuracy } = event.metrics;
    emit({ type: 'member', ...head, epoch, loss, accuracy, etaSeconds: event.etaSeconds });
  };
}
