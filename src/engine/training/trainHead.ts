import type * as tf from '../tf.js';
import { featureScaling, foldScaling, standardised } from './featureScaling.js';
import { fitOnArrays, type FitInput, type FitResult } from './fitOnArrays.js';
import { buildHead } from './head.js';

export interface HeadTrainingResult extends FitResult {
  head: tf.LayersModel;
}

/**
 * Phase 1: a new head trained on cached features; epochs touch only the features. With
 * `head.standardize`, it trains on standardised features (each feature at mean 0, deviation 1 over
 * the training images, which suits Adam and the initialisation far better than the base's raw
 * 0–6 activations), and the scaling is folded into its first Dense layer at the end.
 */
export async function trainHead(input: FitInput): Promise<HeadTrainingResult> {
  const { head: config } = input.settings;
  const head = buildHead(input.featureShape, config, input.classCount, input.settings.seed);
  if (!config.standardize)
    return { head, ...(await fitOnArrays(head, 1, input.settings.phase1, input)) };
  const size = input.featureShape.reduce((a, b) => a * b, 1);
  const scaling = featureScaling(input.train, size);
  const fitted = await fitOnArrays(head, 1, input.settings.phase1, {
    ...input,
    train: standardised(input.train, scaling),
    validation: input.validation && standardised(input.validation, scaling),
  });
  const firstDense = head.layers.find((layer) => layer.getClassName() === 'Dense');
  if (firstDense) foldScaling(firstDense, scaling);
  return { head, ...fitted };
}
