import * as tf from '../tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  convGradient,
  expectNoLeakOnWasm,
  expectWasmMatchesCpu,
  type ConvCase as Case,
} from '../testing/gradientCheck.js';
import { registerTrainingKernels } from './registerTrainingKernels.js';

const CASES: Case[] = [
  { name: '3×3 same, stride 1', x: [2, 8, 8, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  {
    name: '3×3 same, stride 2 (odd size)',
    x: [2, 9, 9, 4],
    filter: [3, 3, 4, 6],
    strides: 2,
    pad: 'same',
  },
  { name: '3×3 valid, stride 2', x: [1, 10, 7, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'valid' },
  { name: '1×1 pointwise', x: [3, 5, 5, 8], filter: [1, 1, 8, 4], strides: 1, pad: 'valid' },
  {
    name: '5×3 rectangular, strides [2, 1]',
    x: [2, 11, 9, 3],
    filter: [5, 3, 3, 2],
    strides: [2, 1],
    pad: 'same',
  },
  { name: 'explicit numeric padding', x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: 1 },
];

/** The filter gradient of Σ w·conv2d(x, f). */
const filterGradient = (testCase: Case) => convGradient(testCase, tf.conv2d, 'filter');

describe('Conv2DBackpropFilter for wasm, built from wasm kernels', () => {
  beforeAll(async () => {
    registerTrainingKernels('wasm');
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  it.each(CASES)('$name matches the cpu backend', async (testCase) => {
    await expectWasmMatchesCpu(() => filterGradient(testCase));
  });

  it('frees every intermediate it makes', async () => {
    await expectNoLeakOnWasm(() => filterGradient(CASES[1] as Case));
  });

  it('registers only what the backend lacks', () => {
    expect(registerTrainingKernels('wasm')).toEqual([]);
    expect(registerTrainingKernels('cpu')).toEqual([]);
  });
});
