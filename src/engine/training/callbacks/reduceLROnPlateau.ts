import type * as tf from '../../tf.js';
import type { BestWeights } from './bestWeights.js';

/** The floor below which the learning rate is not lowered further. */
export const MIN_LEARNING_RATE = 1e-6;

/** What a checkpoint stores of the schedule. */
export interface LearningRateState {
  learningRate: number;
  /** The epoch of the last reduction (the phase's first epoch − 1 when there was none). */
  lastReduction: number;
}

/**
 * Halves the learning rate when `patience` epochs pass without a new best, and then waits as long
 * again before halving once more (Keras' ReduceLROnPlateau with factor 0.5 and cooldown =
 * patience); 0 turns it off.
 */
export class ReduceLROnPlateau {
  private state: LearningRateState;

  constructor(
    private readonly optimizer: tf.Optimizer,
    private readonly patience: number,
    private readonly best: BestWeights,
    start: LearningRateState,
  ) {
    this.state = { ...start };
    setLearningRate(optimizer, start.learningRate);
  }

  get learningRate(): number {
    return this.state.learningRate;
  }

  get saved(): LearningRateState {
    return { ...this.state };
  }

  /** Sets the rate an earlier run used at this epoch (a refit replays its schedule). */
  replay(learningRate: number): void {
    this.state = { ...this.state, learningRate };
    setLearningRate(this.optimizer, learningRate);
  }

  /** After an epoch: lowers the rate when the plateau has lasted long enough. */
  onEpochEnd(epoch: number): void {
    const { learningRate, lastReduction } = this.state;
    if (
      this.patience > 0 &&
      this.best.epochsSince(epoch) >= this.patience &&
      epoch - lastReduction >= this.patience &&
      learningRate > MIN_LEARNING_RATE
    ) {
      this.state = {
        learningRate: Math.max(learningRate / 2, MIN_LEARNING_RATE),
        lastReduction: epoch,
      };
      setLearningRate(this.optimizer, this.state.learningRate);
    }
  }
}

/** tfjs reads an optimizer's learningRate at every step but offers no setter. */
function setLearningRate(target: tf.Optimizer, value: number): void {
  (target as unknown as { learningRate: number }).learningRate = value;
}
