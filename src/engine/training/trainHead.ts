import type * as tf from '../tf.js';
import { foldMembers } from './ensemble.js';
import { featureScaling, foldScaling, standardised } from './featureScaling.js';
import { fitOnArrays, type FitInput, type FitResult } from './fitOnArrays.js';
import { buildHead } from './head.js';
import { eta, memberProgress, type LaterWork } from './callbacks/progress.js';

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
 * on the same rows with the same schedule rules, reporting only `member` events (k of n, epoch,
 * loss, time left).
 */
export async function trainHead(input: FitInput): Promise<HeadTrainingResult> {
  const { head: config, seed } = input.settings;
  const count = config.members ?? 1;
  const single = { ...config, members: 1 };
  const first = await trainMember({
    ...input,
    settings: { ...input.settings, head: single },
    // Its ETA counts the heads after it, whoever called (a refit too).
    later: { ...input.later, members: count, earlyStoppingPatience: patienceOf(input) },
  });
  if (count === 1 || first.stopped?.reason === 'cancelled') return first;
  const heads = [first.head];
  let keepFirst = false;
  let previous: FitResult = first;
  try {
    for (let k = 1; k < count; k++) {
      const later = laterMember(input, { first, previous }, k + 1, count);
      const head = { member: k + 1, members: count, epochs: input.settings.phase1.epochs };
      const etaSeconds = eta([], head.epochs, later);
      input.onEvent?.({ type: 'member', ...head, epoch: 0, etaSeconds });
      const member = await trainMember({
        ...input,
        settings: { ...input.settings, head: single, seed: seed + k * MEMBER_SEED_STEP },
        later,
        onEvent: memberProgress(input.onEvent, head),
        checkpoints: undefined,
      });
      heads.push(member.head);
      previous = member;
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
 * What the ETA of head `member` (from 2) goes by: the run's later work, the first head's epochs,
 * and the pace of the head just trained (the machine's load changes; the latest pace is closest).
 */
function laterMember(
  input: FitInput,
  heads: { first: FitResult; previous: FitResult },
  member: number,
  count: number,
): LaterWork {
  const { first } = heads;
  const epochs = first.history.filter((m) => m.phase === 1);
  const paced = heads.previous.history.filter((m) => m.phase === 1);
  const seconds = paced.reduce((sum, m) => sum + m.seconds, 0);
  return {
    ...input.later,
    members: count,
    earlyStoppingPatience: patienceOf(input),
    ensemble: {
      member,
      first: {
        epochs: epochs.length,
        bestEpoch: first.bestEpoch,
        secondsPerEpoch: paced.length > 0 ? seconds / paced.length : 0,
      },
    },
  };
}

/** The patience the phase stops by, for its ETA: none in a refit, which replays a fixed schedule. */
function patienceOf(input: FitInput): number {
  return input.replayedLearningRates ? 0 : input.settings.earlyStoppingPatience;
}

/**
 * One head. With `head.standardize`, it trains on standardised features (each feature at mean 0,
 * deviation 1 over the training images, which suits Adam and the initialisation far better than
 * the base's raw 0–6 activations), and the scaling is folded into its first Dense layer at the end.
 */
async function trainMember(input: FitInput): Promise<HeadTrainingResult> {
  const { head: config } = input.settings;
  const head = buildHead(input.featureShape, config, input.classCount, input.settings.seed, {
    training: true,
  });
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
