import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/random.js';
import { betaSample, mixBatch, mixupPlan } from './mixup.js';

describe('mixup on cached features', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('draws Beta(α, α) shares: symmetric around ½, more extreme for a small α', () => {
    const draw = (alpha: number) => {
      const random = seededRandom(11);
      return Array.from({ length: 4000 }, () => betaSample(alpha, random));
    };
    for (const alpha of [0.2, 0.4, 1]) {
      const shares = draw(alpha);
      const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
      const variance = shares.reduce((a, b) => a + (b - mean) ** 2, 0) / shares.length;
      expect(shares.every((s) => s >= 0 && s <= 1)).toBe(true);
      expect(mean).toBeCloseTo(0.5, 1);
      // Beta(α, α) has variance 1 / (4 (2α + 1)).
      expect(variance).toBeCloseTo(1 / (4 * (2 * alpha + 1)), 1);
    }
  });

  it('refuses an α it cannot sample', () => {
    expect(() => betaSample(0, seededRandom(1))).toThrow(/alpha/);
    expect(() => betaSample(1.5, seededRandom(1))).toThrow(/alpha/);
  });

  it('pairs each row with a row of the same batch, the same way for the same seed', () => {
    const plan = mixupPlan(32, 0.4, seededRandom(5));
    expect([...plan.partners].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 32 }, (_, i) => i),
    );
    expect(mixupPlan(32, 0.4, seededRandom(5))).toEqual(plan);
    expect(mixupPlan(32, 0.4, seededRandom(6))).not.toEqual(plan);
  });

  it('blends rows and targets into the same convex combination', () => {
    const rows = 16;
    const size = 1280;
    const random = seededRandom(3);
    const features = Float32Array.from({ length: rows * size }, () => 6 * random());
    const labels = Array.from({ length: rows }, (_, i) => i % 6);
    const x = tf.tensor2d(features, [rows, size]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 6).toFloat();
    const plan = mixupPlan(rows, 0.4, seededRandom(9));
    const [mixedX, mixedY] = mixBatch(x, y, plan);
    const outX = mixedX.dataSync();
    const outY = mixedY.dataSync();
    for (let i = 0; i < rows; i++) {
      const share = plan.shares[i] as number;
      const partner = plan.partners[i] as number;
      for (const j of [0, 77, size - 1]) {
        const expected =
          share * (features[i * size + j] ?? NaN) +
          (1 - share) * (features[partner * size + j] ?? NaN);
        expect(outX[i * size + j]).toBeCloseTo(expected, 4);
      }
      const targets = Array.from(outY.subarray(i * 6, (i + 1) * 6));
      expect(targets.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const label = labels[i] ?? -1;
      expect(targets[label]).toBeGreaterThanOrEqual(
        label === labels[partner] ? 0.999 : share - 1e-6,
      );
    }
    tf.dispose([x, y, mixedX, mixedY]);
  });

  it('keeps no tensor behind', () => {
    const x = tf.ones([8, 4, 4, 3]);
    const y = tf.ones([8, 2]);
    const before = tf.memory().numTensors;
    const mixed = mixBatch(x, y, mixupPlan(8, 0.2, seededRandom(2)));
    expect(mixed[0].shape).toEqual([8, 4, 4, 3]);
    tf.dispose(mixed);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
