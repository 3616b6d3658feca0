import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import type { Random } from '../../common/random.js';

/**
 * Mixup (Zhang et al., 2018) on cached features: each training row is blended with another row of
 * its batch, features and targets alike, x' = λ·x_i + (1 − λ)·x_j, y' = λ·y_i + (1 − λ)·y_j, with λ
 * drawn from Beta(α, α) per row. On frozen features it costs one gather per batch, and it teaches
 * the head to change its mind gradually between classes instead of drawing sharp boundaries
 * around the training images — what helps when the test images come from another artist.
 */
export interface MixupPlan {
  /** For each row of the batch, the row it is blended with. */
  partners: number[];
  /** For each row, its own share λ (the partner gets 1 − λ). */
  shares: number[];
}

/**
 * A Beta(α, α) sample, 0 < α ≤ 1, by Jöhnk's method: two uniforms raised to 1/α until their sum
 * is at most 1. Exact, and it draws only from the given generator, so a seeded run repeats.
 */
export function betaSample(alpha: number, random: Random): number {
  if (!(alpha > 0 && alpha <= 1))
    throw new AppError(
      'INVALID_ARGUMENT',
      `Mixup's alpha must be above 0 and at most 1, not ${alpha}`,
    );
  for (;;) {
    const x = Math.pow(random(), 1 / alpha);
    const y = Math.pow(random(), 1 / alpha);
    const sum = x + y;
    if (sum > 0 && sum <= 1) return x / sum;
  }
}

/** Partners (a seeded shuffle of the batch) and one share per row, for a batch of `rows`. */
export function mixupPlan(rows: number, alpha: number, random: Random): MixupPlan {
  const partners = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [partners[i], partners[j]] = [partners[j] as number, partners[i] as number];
  }
  const shares = partners.map(() => betaSample(alpha, random));
  return { partners, shares };
}

/** The batch blended by the plan: rows of `x` (any shape) and of the targets `y`. */
export function mixBatch(x: tf.Tensor, y: tf.Tensor, plan: MixupPlan): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const partners = tf.tensor1d(plan.partners, 'int32');
    const blend = (t: tf.Tensor): tf.Tensor => {
      const shape = [plan.shares.length, ...t.shape.slice(1).map(() => 1)];
      const share = tf.tensor1d(plan.shares).reshape(shape);
      return t.mul(share).add(tf.gather(t, partners).mul(tf.scalar(1).sub(share)));
    };
    return [blend(x), blend(y)];
  });
}
