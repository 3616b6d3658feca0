import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/random.js';
import type { HeadConfig } from '../../common/training.js';
import { foldMembers } from './ensemble.js';
import { buildHead } from './head.js';

/** Softmax of the members' averaged logits, computed from their probabilities (log p = logit − c). */
function averagedLogitsSoftmax(members: tf.LayersModel[], x: tf.Tensor): Float32Array {
  return tf.tidy(() => {
    const logs = members.map((m) => (m.predict(x) as tf.Tensor).log());
    return tf.softmax(tf.addN(logs).div(members.length)).dataSync() as Float32Array;
  });
}

function features(rows: number, size: number, seed: number): tf.Tensor2D {
  const random = seededRandom(seed);
  return tf.tensor2d(
    Float32Array.from({ length: rows * size }, () => 6 * random()),
    [rows, size],
  );
}

describe('foldMembers (an ensemble as one head)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each<[string, number[]]>([
    ['one hidden layer', [100]],
    ['two hidden layers (block-diagonal)', [16, 8]],
    ['no hidden layer', []],
  ])('predicts the members’ averaged logits with %s', (_, hidden) => {
    const config: HeadConfig = { pooling: 'average', hidden, dropout: 0.2 };
    const members = [3, 1003, 2003].map((seed) => buildHead([1280], config, 6, seed));
    const wide = buildHead([1280], { ...config, members: 3 }, 6, 3);
    foldMembers(members, wide);
    const x = features(64, 1280, 7);
    const expected = averagedLogitsSoftmax(members, x);
    const folded = tf.tidy(() => (wide.predict(x) as tf.Tensor).dataSync());
    let largest = 0;
    expected.forEach((p, i) => (largest = Math.max(largest, Math.abs(p - (folded[i] ?? NaN)))));
    expect(largest).toBeLessThan(1e-4);
    // Not the first member alone: the fold really averages.
    const [first] = members as [tf.LayersModel];
    const firstAlone = tf.tidy(() => (first.predict(x) as tf.Tensor).dataSync());
    expect(firstAlone.some((p, i) => Math.abs(p - (folded[i] ?? NaN)) > 1e-3)).toBe(true);
    tf.dispose(x);
    [...members, wide].forEach((m) => m.dispose());
  });

  it('builds hidden layers as wide as the members together', () => {
    const wide = buildHead(
      [1280],
      { pooling: 'average', hidden: [100], dropout: 0.2, members: 3 },
      6,
      1,
    );
    expect(wide.getLayer('head_dense_1').getWeights()[0]?.shape).toEqual([1280, 300]);
    expect(wide.getLayer('head_predictions').getWeights()[0]?.shape).toEqual([300, 6]);
    wide.dispose();
  });
});
