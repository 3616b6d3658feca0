import type { BestWeights } from './bestWeights.js';

/**
 * Stops a phase once `patience` epochs have passed without a new best (Keras' EarlyStopping);
 * 0 turns it off. The best epoch's weights are restored by the loop, from BestWeights.
 */
export class EarlyStopping {
  constructor(
    private readonly patience: number,
    private readonly best: BestWeights,
  ) {}

  /** After an epoch: why to stop now, or undefined to go on. */
  shouldStop(epoch: number): string | undefined {
    if (this.patience <= 0 || this.best.epochsSince(epoch) < this.patience) return undefined;
    return `validation loss has not improved for ${this.patience} epochs; keeping epoch ${this.best.epoch}`;
  }
}
