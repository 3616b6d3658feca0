import type * as tf from '../tf.js';
import { foldMembers } from './ensemble.js';
import { featureScaling, foldScaling, standardised } from './featureScaling.js';
import { fitOnArrays, type FitInput, type FitResult } from './fitOnArrays.js';
import { buildHead } from './head.js';

export interface HeadTrainingResult extends FitResult {
  head: tf.LayersModel;
}

/** Seeds of an ensemble's members lie this far apart, so their shuffles and weights differ. */
const MEMBER_SEED_STEP = 1000;

/**
 * Phase 1: a new head trained on cached features; epochs touch only the features. With
 * `head.members` above 1, that many heads are trained from different seeds and folded into one
 * (their averaged logits, `foldMembers`): the first member reports progress, is checkpointed and
 * gives the history, the validation choice and the epoch count a refit repeats; the others train
 * silently on the same rows with the same schedule rules.
 */
export async function trainHead(input: FitInput): Promise<HeadTrainingResult> {
  const { head: config, seed } = input.settings;
  const count = config.members ?? 1;
  const single = { ...config, members: 1 };
  const first = await trainMember({ ...input, settings: { ...input.settings, head: single } });
  if (count === 1 || first.stopped?.reason === 'cancelled') return first;
  const heads = [first.head];
  let keepFirst = false;
  try {
    for (let k = 1; k < count; k++) {
      const member = await trainMember({
        ...input,
        settings: { ...input.settings, head: single, seed: seed + k * MEMBER_SEED_STEP },
        onEvent: undefined,
        checkpoints: undefined,
      });
      heads.push(member.head);
      if (member.stopped?.reason === 'cancelled') {
        keepFirst = true;
        return { ...member, head: first.head };
      }
    }
    const wide = buildHead(input.featureShape, config, input.classCount, seed);
    foldMembers(heads, wide);
    return { ...first, head: wide };
  } finally {
    // A cancelled run hands back the first member (the caller disposes it); the rest are done with.
    heads.slice(keepFirst ? 1 : 0).forEach((head) => head.dispose());
  }
}

/**
 * One head. With `head.standardize`, it trains on standardised features (each feature at mean 0,
 * deviation 1 over the training images, which suits Adam and the initialisation far better than
 * the base's raw 0–6 activations), and the scaling is folded into its first Dense layer at the end.
 */
async function trainMember(input: FitInput): Promise<HeadTrainingResult> {
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
