import * as tf from '../tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoLeakOnWasm,
  expectWasmMatchesCpu,
  weightedConvLoss,
  type ConvCase as Case,
} from '../testing/gradientCheck.js';
import { registerTrainingKernels, useBaselineTrainingKernels } from './registerTrainingKernels.js';

const CASES: Case[] = [
  { name: '3×3 same, stride 1', x: [2, 7, 7, 4], filter: [3, 3, 4, 1], strides: 1, pad: 'same' },
  {
    name: '3×3 same, stride 2, even size',
    x: [2, 8, 8, 3],
    filter: [3, 3, 3, 1],
    strides: 2,
    pad: 'same',
  },
  {
    name: '3×3 same, stride 2, odd size',
    x: [1, 9, 7, 3],
    filter: [3, 3, 3, 1],
    strides: 2,
    pad: 'same',
  },
  {
    name: '3×3 valid, stride 2 (MobileNet after ZeroPadding)',
    x: [2, 9, 9, 5],
    filter: [3, 3, 5, 1],
    strides: 2,
    pad: 'valid',
  },
  { name: 'depth multiplier 2', x: [2, 6, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same' },
  {
    name: '5×5, strides [2, 1]',
    x: [1, 10, 8, 2],
    filter: [5, 5, 2, 1],
    strides: [2, 1],
    pad: 'same',
  },
  { name: 'explicit padding 1', x: [1, 6, 6, 2], filter: [3, 3, 2, 1], strides: 1, pad: 1 },
];

/** Gradients of Σ w·depthwiseConv2d(x, f) with respect to x and f. */
function gradients(c: Case): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const { x, filter, loss } = weightedConvLoss(c, tf.depthwiseConv2d);
    const [dx, df] = tf.grads((a, b) => loss(a, b))([x, filter]);
    return [dx?.dataSync() as Float32Array, df?.dataSync() as Float32Array];
  });
}

beforeAll(() => {
  expect(registerTrainingKernels('wasm')).toEqual(
    expect.arrayContaining([
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
    ]),
  );
});

// The loops (depthwiseLoops.ts) and the tap-by-tap composition kept as the benchmark's baseline.
describe.each([
  ['loops', false],
  ['tap by tap (baseline)', true],
])('depthwise convolution gradients for wasm: %s', (_name, baseline) => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    useBaselineTrainingKernels('wasm', baseline);
  });
  afterAll(() => useBaselineTrainingKernels('wasm', false));

  it.each(CASES)('$name: input and filter gradients match the cpu backend', async (c) => {
    await expectWasmMatchesCpu(() => gradients(c));
  });

  it('frees every intermediate it makes', async () => {
    await expectNoLeakOnWasm(() => gradients(CASES[2] as Case));
  });
});
