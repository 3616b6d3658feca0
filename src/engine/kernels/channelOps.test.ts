import * as tf from '../tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, relativeError, seededValues } from '../testing/gradientCheck.js';
import { channelAffine, clippedRelu } from './channelOps.js';
import { registerTrainingKernels } from './registerTrainingKernels.js';

const SHAPE: [number, number, number, number] = [3, 5, 4, 7];

/** y and the gradients of Σ w·y with respect to x, scale and offset. */
function affineResults(fast: boolean): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededValues(tf.util.sizeFromShape(SHAPE), 1), SHAPE);
    const scale = tf.tensor1d(seededValues(7, 2));
    const offset = tf.tensor1d(seededValues(7, 3));
    const weights = tf.tensor4d(seededValues(tf.util.sizeFromShape(SHAPE), 4), SHAPE);
    const f = (a: tf.Tensor, s: tf.Tensor, t: tf.Tensor) =>
      fast ? channelAffine(a, s as tf.Tensor1D, t as tf.Tensor1D) : tf.add(tf.mul(a, s), t);
    const grads = tf.grads((a, s, t) => f(a, s, t).mul(weights).sum())([x, scale, offset]);
    return [f(x, scale, offset), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

/** relu6(x) and the gradient of Σ w·relu6(x), with values on both edges (0 and 6). */
function clippedResults(fast: boolean): Float32Array[] {
  return tf.tidy(() => {
    const values = seededValues(tf.util.sizeFromShape(SHAPE), 5).map((v) => v * 9);
    values.set([0, 6, -0, 6.000001, 5.999999], 0);
    const x = tf.tensor4d(values, SHAPE);
    const weights = tf.tensor4d(seededValues(values.length, 6), SHAPE);
    const f = (a: tf.Tensor) => (fast ? clippedRelu(a, 6) : tf.clipByValue(tf.relu(a), 0, 6));
    const gradient = tf.grad((a) => f(a).mul(weights).sum())(x);
    return [f(x), gradient].map((t) => t.dataSync() as Float32Array);
  });
}

describe.each(['cpu', 'wasm'])('channel kernels on %s', (backend) => {
  beforeAll(async () => {
    registerTrainingKernels(backend);
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('channelAffine: value and gradients (x, scale, offset) match x·scale + offset on cpu', async () => {
    await tf.setBackend('cpu');
    const expected = affineResults(false);
    await tf.setBackend(backend);
    const actual = affineResults(true);
    expected.forEach((values, i) =>
      expect(relativeError(actual[i] as Float32Array, values)).toBeLessThan(1e-5),
    );
  });

  it('clippedRelu: value and gradient match relu then clipByValue on cpu, edges included', async () => {
    await tf.setBackend('cpu');
    const expected = clippedResults(false);
    await tf.setBackend(backend);
    const actual = clippedResults(true);
    // Exactly equal, except that a masked gradient may be +0 where the reference has −0.
    const unsigned = (values: Float32Array | undefined) => Array.from(values ?? [], (v) => v + 0);
    expect(unsigned(actual[0])).toEqual(unsigned(expected[0]));
    expect(unsigned(actual[1])).toEqual(unsigned(expected[1]));
  });

  it('frees every intermediate it makes', async () => {
    await tf.setBackend(backend);
    expectNoLeak(tf.engine().backend, () => {
      affineResults(true);
      clippedResults(true);
    });
  });

  it('refuses per-channel values of the wrong length', async () => {
    await tf.setBackend(backend);
    expect(() =>
      tf.tidy(() => channelAffine(tf.ones([2, 3, 3, 4]), tf.ones([3]), tf.zeros([3]))),
    ).toThrow(/expected 4 per-channel values/);
  });
});
