import { expect } from 'vitest';
import { seededRandom } from '../../common/random.js';

/** Values in [-1, 1) from a seed, for gradient checks that must repeat exactly. */
export function seededValues(size: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => random() * 2 - 1);
}

/** Largest absolute difference relative to the largest expected magnitude. */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  return Math.max(...actual.map((v, i) => Math.abs(v - (expected[i] ?? NaN)))) / scale;
}
