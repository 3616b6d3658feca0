import type { RefitOutcome, TrainEvent, TrainSettings } from '../../../common/training.js';
import { refitProgress } from '../../../engine/training/callbacks/progress.js';
import type { FeatureSet } from '../../../engine/training/fitOnArrays.js';
import type { HeadTrainingResult } from '../../../engine/training/trainHead.js';
import { refitHead, refitPlan } from '../../../engine/training/refitHead.js';
import { concatenate } from './augmentedViews.js';

export interface RefitInput {
  featureShape: number[];
  classCount: number;
  settings: TrainSettings;
  /** What the validation phase trained on, and the rows it held out (with their views). */
  train: FeatureSet;
  heldOut: FeatureSet;
  /** Training and validation images (without views), for the record. */
  images: number;
  /** The validation phase's result: its history and best epoch set the refit's schedule. */
  validated: Pick<HeadTrainingResult, 'history' | 'bestEpoch'>;
  /** The validation-phase model's probabilities on the validation images, kept in the record. */
  validationProbabilities?: Float32Array | undefined;
  signal?: AbortSignal | undefined;
  /** Receives "refit epoch k of n" events (and a stop), not phase 1's epoch events. */
  onEvent?: ((event: TrainEvent) => void) | undefined;
  /** Clock for the refit's epoch timings (tests inject one). */
  now?: () => number;
}

/** Whether this run refits: asked for, something was held out, and no fine-tuning follows. */
export function refitApplies(settings: TrainSettings, heldOutImages: number): boolean {
  return settings.refit === true && heldOutImages > 0 && settings.phase2.epochs <= 0;
}

/**
 * The head trained again on training + held-out rows for the epochs validation chose, or
 * undefined when validation kept no epoch. The caller owns the returned head.
 */
export async function refitOnAllImages(
  input: RefitInput,
): Promise<{ head: HeadTrainingResult; outcome: RefitOutcome } | undefined> {
  const plan = refitPlan(input.validated.history, input.validated.bestEpoch);
  if (!plan) return undefined;
  const all: FeatureSet = {
    features: concatenate([input.train.features, input.heldOut.features]),
    labels: [...input.train.labels, ...input.heldOut.labels],
  };
  const head = await refitHead(
    {
      featureShape: input.featureShape,
      classCount: input.classCount,
      train: all,
      settings: input.settings,
      ...(input.signal ? { signal: input.signal } : {}),
      ...eventsOf(input, plan.epochs),
    },
    plan,
  );
  const { images } = input;
  const probabilities = input.validationProbabilities;
  return {
    head,
    outcome: {
      epochs: plan.epochs,
      images,
      trainedOn: 'training and validation images',
      ...(probabilities ? { validationProbabilities: recorded(probabilities) } : {}),
      message: `the saved model was trained again on all ${images} training and validation images for the ${plan.epochs} epochs validation chose; the validation metrics are those of the model before this refit, since the saved model has seen the validation images`,
    },
  };
}

function eventsOf(
  input: RefitInput,
  epochs: number,
): { onEvent?: (event: TrainEvent) => void; now?: () => number } {
  const onEvent = refitProgress(input.onEvent, epochs, input.settings.head.members);
  return { ...(onEvent ? { onEvent } : {}), ...(input.now ? { now: input.now } : {}) };
}

/**
 * Probabilities to 6 significant digits: the record stays small, and a tiny probability stays
 * tiny rather than becoming 0 (rounding to fixed decimals would turn a confident mistake's loss
 * into the clamp's value).
 */
function recorded(probabilities: Float32Array): number[] {
  return Array.from(probabilities, (p) => Number(p.toPrecision(6)));
}
