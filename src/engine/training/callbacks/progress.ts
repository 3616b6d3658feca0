import type { EpochMetrics, TrainEvent } from '../../../common/training.js';

type BatchEvent = Extract<TrainEvent, { type: 'batch' }>;

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
    laterEpochs = 0,
  ): void {
    this.emit?.({ type: 'epoch', metrics, etaSeconds: eta(history, epochs, laterEpochs) });
  }
}

/**
 * Seconds left in a phase of `epochs` epochs, from the mean of this phase's epochs run so far,
 * plus `laterEpochs` of a phase still to come. Those are counted at this phase's pace until they
 * are measured: fine-tuning's epochs are slower, so the ETA during phase 1 is a lower bound.
 */
export function eta(history: readonly EpochMetrics[], epochs: number, laterEpochs = 0): number {
  const phase = history.at(-1)?.phase;
  const thisPhase = history.filter((m) => m.phase === phase);
  const mean = thisPhase.reduce((sum, m) => sum + m.seconds, 0) / thisPhase.length;
  return mean * (epochs - thisPhase.length + laterEpochs);
}
