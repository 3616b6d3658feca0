import * as tf from '../tf.js';
import { expect } from 'vitest';
import { seededRandom } from '../../common/random.js';

/** Values in [-1, 1) from a seed, for gradient checks that must repeat exactly. */
export function seededValues(size: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => random() * 2 - 1);
}

/**
 * Largest absolute difference relative to the largest expected magnitude. Loops rather than
 * spreading into Math.max, which passes every element as an argument and overflows the stack on
 * a large tensor; a NaN anywhere makes the answer NaN, so a check against it fails.
 */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const reference = expected[i] as number;
    scale = Math.max(scale, Math.abs(reference));
    worst = Math.max(worst, Math.abs((actual[i] as number) - reference));
  }
  return worst / scale;
}

/** A convolution to check: input and filter shapes, strides and padding as tf.conv2d takes them. */
export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

type ConvOp = (
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: ConvCase['strides'],
  pad: ConvCase['pad'],
) => tf.Tensor;

/**
 * A case's seeded input and filter, and the loss Σ w·op(x, f) with seeded weights on the output:
 * with a plain sum every output would pull the same way and a misplaced tap could go unseen.
 * Call it inside tf.tidy; differentiate `loss` by whichever argument the test checks.
 */
export function weightedConvLoss(
  c: ConvCase,
  op: ConvOp,
): { x: tf.Tensor4D; filter: tf.Tensor4D; loss: (x: tf.Tensor, filter: tf.Tensor) => tf.Scalar } {
  const x = tf.tensor4d(seededValues(tf.util.sizeFromShape(c.x), 1), c.x);
  const filter = tf.tensor4d(seededValues(tf.util.sizeFromShape(c.filter), 2), c.filter);
  const out = op(x, filter, c.strides, c.pad);
  const weights = tf.tensor(seededValues(out.size, 3), out.shape);
  const loss = (a: tf.Tensor, f: tf.Tensor) =>
    op(a as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad)
      .mul(weights)
      .sum() as tf.Scalar;
  return { x, filter, loss };
}

/** The gradient of a case's weighted loss Σ w·op(x, f) by its input or by its filter. */
export function convGradient(c: ConvCase, op: ConvOp, by: 'input' | 'filter'): Float32Array {
  return tf.tidy(() => {
    const { x, filter, loss } = weightedConvLoss(c, op);
    const gradient =
      by === 'input' ? tf.grad((a) => loss(a, filter))(x) : tf.grad((f) => loss(x, f))(filter);
    return gradient.dataSync() as Float32Array;
  });
}

/** Switches to `backend`, runs `compute` and checks it ran there (a failed switch keeps the old). */
async function computeOn<T>(backend: 'cpu' | 'wasm', compute: () => T): Promise<T> {
  expect(await tf.setBackend(backend)).toBe(true);
  const result = compute();
  expect(tf.getBackend()).toBe(backend);
  return result;
}

/**
 * Computes on the cpu backend (the reference), then on wasm, and expects each wasm result within
 * 1e-5 of the cpu one, relative to its largest magnitude.
 */
export async function expectWasmMatchesCpu(
  compute: () => Float32Array | Float32Array[],
): Promise<void> {
  const expected = [await computeOn('cpu', compute)].flat();
  const actual = [await computeOn('wasm', compute)].flat();
  expect(actual).toHaveLength(expected.length);
  actual.forEach((values, i) =>
    expect(relativeError(values, expected[i] as Float32Array)).toBeLessThan(1e-5),
  );
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

/** expectNoLeak for `work` on the wasm backend, where the training kernels under test live. */
export async function expectNoLeakOnWasm(work: () => void): Promise<void> {
  expect(await tf.setBackend('wasm')).toBe(true);
  expectNoLeak(tf.engine().backend, work);
}
