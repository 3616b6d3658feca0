import * as tf from '../tf.js';
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

/** A convolution to check: input and filter shapes, strides and padding as tf.conv2d takes them. */
export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

/**
 * Runs `work` once to warm up, then again, and expects the second run to leave no tensor and no
 * backend buffer behind (kernel intermediates live below the engine's tensor count).
 */
export function expectNoLeak(backend: { numDataIds(): number }, work: () => void): void {
  work();
  const buffers = backend.numDataIds();
  const tensors = tf.memory().numTensors;
  work();
  expect(backend.numDataIds()).toBe(buffers);
  expect(tf.memory().numTensors).toBe(tensors);
}
