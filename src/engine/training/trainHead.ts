import type * as tf from '@tensorflow/tfjs';
import { fitOnArrays, type FitInput, type FitResult } from './fitOnArrays.js';
import { buildHead } from './head.js';

export interface HeadTrainingResult extends FitResult {
  head: tf.LayersModel;
}

/** Phase 1: a new head trained on cached features; epochs touch only the features. */
export async function trainHead(input: FitInput): Promise<HeadTrainingResult> {
  const head = buildHead(
    input.featureShape,
    input.settings.head,
    input.classCount,
    input.settings.seed,
  );
  const fitted = await fitOnArrays(head, 1, input.settings.phase1, input);
  return { head, ...fitted };
}
