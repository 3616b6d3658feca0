import type { EpochMetrics } from '../../common/training.js';
import type { FitInput } from './fitOnArrays.js';
import { trainHead, type HeadTrainingResult } from './trainHead.js';

/** What a refit did, for the run record: how many epochs, on how many feature rows. */
export interface RefitPlan {
  /** The epoch count the validation phase chose (its best epoch). */
  epochs: number;
  /** One learning rate per epoch, as the validation phase used them up to its best epoch. */
  learningRates: number[];
}

/**
 * The schedule a refit replays: the validation phase's epochs up to the one early stopping kept,
 * with the learning rate each trained at. Undefined when no epoch was kept (nothing to repeat).
 */
export function refitPlan(
  history: readonly EpochMetrics[],
  bestEpoch: number,
): RefitPlan | undefined {
  const kept = history.filter((m) => m.phase === 1 && m.epoch <= bestEpoch);
  if (bestEpoch < 1 || kept.length !== bestEpoch) return undefined;
  return { epochs: bestEpoch, learningRates: kept.map((m) => m.learningRate) };
}

/**
 * Phase 1 again, from a fresh head with the same seed, on every labelled row (training and
 * validation together) for the epoch count validation chose: the held-out images then teach the
 * model too, as a hand-written "train on everything" recipe does, while the choice of when to
 * stop still came from images the model had not seen. No validation, so no early stopping.
 */
export async function refitHead(
  input: Omit<FitInput, 'validation' | 'checkpoints'>,
  plan: RefitPlan,
): Promise<HeadTrainingResult> {
  const { settings } = input;
  return trainHead({
    ...input,
    validation: undefined,
    settings: { ...settings, phase1: { ...settings.phase1, epochs: plan.epochs } },
    replayedLearningRates: plan.learningRates,
  });
}
