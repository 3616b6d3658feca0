import * as tf from '../tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convGradient,
  expectNoLeakOnWasm,
  expectWasmMatchesCpu,
  type ConvCase as Case,
} from '../testing/gradientCheck.js';
import { isPointwise } from './pointwiseBackpropInput.js';
import { registerTrainingKernels, useBaselineTrainingKernels } from './registerTrainingKernels.js';

const CASES: Case[] = [
  // MobileNet V2 0.35's Conv_1 and a block's expand layer at 7×7.
  {
    name: '1×1 valid, 112 → 160',
    x: [2, 7, 7, 112],
    filter: [1, 1, 112, 160],
    strides: 1,
    pad: 'valid',
  },
  {
    name: '1×1 same, 56 → 336',
    x: [3, 7, 7, 56],
    filter: [1, 1, 56, 336],
    strides: 1,
    pad: 'same',
  },
  // Not pointwise: wasm's own kernel answers.
  { name: '1×1 stride 2', x: [2, 8, 8, 4], filter: [1, 1, 4, 6], strides: 2, pad: 'valid' },
  { name: '3×3 same', x: [2, 6, 6, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
];

/** The input gradient of Σ w·conv2d(x, f). */
const inputGradient = (c: Case) => convGradient(c, tf.conv2d, 'input');

describe('Conv2DBackpropInput on wasm: pointwise convolutions as a matrix product', () => {
  beforeAll(async () => {
    registerTrainingKernels('wasm');
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterAll(() => useBaselineTrainingKernels('wasm', false));

  it.each(CASES)('$name matches the cpu backend', async (c) => {
    await expectWasmMatchesCpu(() => inputGradient(c));
    useBaselineTrainingKernels('wasm', true);
    await expectWasmMatchesCpu(() => inputGradient(c));
    useBaselineTrainingKernels('wasm', false);
  });

  it('takes the matrix product only for 1×1, stride-1, unpadded convolutions', () => {
    const routed = CASES.map((c) =>
      tf.tidy(() =>
        isPointwise({
          inputs: { filter: tf.zeros(c.filter), dy: tf.zeros([1]) },
          backend: undefined,
          attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
        }),
      ),
    );
    expect(routed).toEqual([true, true, false, false]);
  });

  it('frees every intermediate it makes', async () => {
    await expectNoLeakOnWasm(() => inputGradient(CASES[0] as Case));
  });
});
