import * as tf from '../../tf.js';

/** The best epoch so far as a checkpoint stores it. */
export interface BestState {
  loss: number;
  epoch: number;
}

/**
 * Keeps the weights of the epoch with the lowest monitored loss (validation loss, or training loss
 * without a validation set), as Keras' EarlyStopping(restore_best_weights=True) does; the early
 * stopping and learning-rate callbacks read which epoch that was.
 */
export class BestWeights {
  loss: number;
  epoch: number;
  weights: tf.Tensor[] | undefined;

  /**
   * `start`: the loss and epoch to beat. With `keepStart`, the model's current weights count as
   * that epoch's (fine-tuning must beat phase 1, or phase 1's weights are given back).
   */
  constructor(
    private readonly model: tf.LayersModel,
    start: BestState & { weights?: tf.Tensor[] | undefined; keepStart?: boolean },
  ) {
    this.loss = start.loss;
    this.epoch = start.epoch;
    this.weights = start.weights ?? (start.keepStart ? snapshot(model) : undefined);
  }

  /** Records an epoch's monitored loss; true when it is the new best. */
  observe(epoch: number, monitored: number): boolean {
    if (!(monitored < this.loss)) return false;
    tf.dispose(this.weights ?? []);
    this.loss = monitored;
    this.epoch = epoch;
    this.weights = snapshot(this.model);
    return true;
  }

  /** Epochs since the best one. */
  epochsSince(epoch: number): number {
    return epoch - this.epoch;
  }

  dispose(): void {
    tf.dispose(this.weights ?? []);
    this.weights = undefined;
  }
}

/** A copy of the model's weights, owned by the caller. */
export function snapshot(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => w.clone());
}
