import type { BestWeights } from './bestWeights.js';

/** What the run keeps when fine-tuning never beat the model it started from. */
export const FINE_TUNING_KEPT_BEFORE =
  'fine-tuning did not improve the validation loss; the model from before fine-tuning is kept';

/**
 * Stops a phase once `patience` epochs have passed without a new best (Keras' EarlyStopping);
 * 0 turns it off. The best epoch's weights are restored by the loop, from BestWeights.
 */
export class EarlyStopping {
  /**
   * `phaseStart`: the phase's first epoch. When the best is still from before it (fine-tuning
   * that must beat phase 1), the message says so rather than naming a phase-1 epoch.
   */
  constructor(
    private readonly patience: number,
    private readonly best: BestWeights,
    private readonly phaseStart = 1,
  ) {}

  /** After an epoch: why to stop now, or undefined to go on. */
  shouldStop(epoch: number): string | undefined {
    // Fine-tuning gets its full patience even when phase 1 ran on past its best epoch.
    const since = epoch - Math.max(this.best.epoch, this.phaseStart - 1);
    if (this.patience <= 0 || since < this.patience) return undefined;
    const why = `validation loss has not improved for ${this.patience} epochs`;
    if (this.best.epoch < this.phaseStart) return `${why}: ${FINE_TUNING_KEPT_BEFORE}`;
    return `${why}; keeping epoch ${this.best.epoch}`;
  }
}
