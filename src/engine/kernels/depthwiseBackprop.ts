import * as tf from '../tf.js';
import {
  depthwiseConvInfo,
  padForConv,
  requireInput,
  tapSlice,
  type DepthwiseAttrs,
  type KernelArgs,
} from './convTaps.js';
import { KernelScratch } from './scratch.js';

/**
 * Gradients of a depthwise convolution (MobileNet's 3×3 layers), which tfjs-backend-wasm lacks,
 * built tap by tap from kernels it has: for each kernel position (i, j) the input values that tap
 * meets are one strided slice of the padded input, so
 *   dW[i, j, c, m] = Σ over batch and positions of slice(x)[c] · dy[c·mult + m]
 *   dx             = Σ over taps of (dy · W[i, j]) placed back at the tap's strided positions.
 */

export function depthwiseBackpropFilter(args: KernelArgs, backendName: string): tf.TensorInfo {
  const x = requireInput(args.inputs, 'x');
  const dy = requireInput(args.inputs, 'dy');
  const attrs = args.attrs as unknown as DepthwiseAttrs;
  const filterShape = attrs.filterShape as [number, number, number, number];
  const [kh, kw, channels, multiplier] = filterShape;
  const info = depthwiseConvInfo(x.shape, filterShape, attrs);
  const scratch = new KernelScratch(args.backend as tf.KernelBackend, backendName);
  try {
    const padded = padForConv(scratch, x, info);
    const [n, outH, outW] = [info.batchSize, info.outHeight, info.outWidth];
    const dy5 = scratch.run('Reshape', { x: dy }, { shape: [n, outH, outW, channels, multiplier] });
    const taps: tf.TensorInfo[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const slice = scratch.run(
          'Reshape',
          { x: tapSlice(scratch, padded, info, i, j) },
          { shape: [n, outH, outW, channels, 1] },
        );
        const product = scratch.run('Multiply', { a: slice, b: dy5 });
        taps.push(scratch.run('Sum', { x: product }, { axis: [0, 1, 2], keepDims: false }));
      }
    }
    const stacked =
      taps.length === 1 ? (taps[0] as tf.TensorInfo) : scratch.run('Pack', taps, { axis: 0 });
    return scratch.keep(
      scratch.run('Reshape', { x: stacked }, { shape: [kh, kw, channels, multiplier] }),
    );
  } finally {
    scratch.dispose();
  }
}

export function depthwiseBackpropInput(args: KernelArgs, backendName: string): tf.TensorInfo {
  const dy = requireInput(args.inputs, 'dy');
  const filter = requireInput(args.inputs, 'filter');
  const attrs = args.attrs as unknown as DepthwiseAttrs;
  const inputShape = attrs.inputShape as [number, number, number, number];
  const [kh, kw, channels, multiplier] = filter.shape as [number, number, number, number];
  const info = depthwiseConvInfo(inputShape, filter.shape, attrs);
  const scratch = new KernelScratch(args.backend as tf.KernelBackend, backendName);
  try {
    const [n, outH, outW] = [info.batchSize, info.outHeight, info.outWidth];
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const { top, left } = info.padInfo;
    // The padded input the forward pass saw, big enough for every tap's strided positions.
    const paddedH = Math.max(inputShape[1] + top + info.padInfo.bottom, (outH - 1) * sh + kh);
    const paddedW = Math.max(inputShape[2] + left + info.padInfo.right, (outW - 1) * sw + kw);
    const dy5 = scratch.run('Reshape', { x: dy }, { shape: [n, outH, outW, channels, multiplier] });
    const filter4 = scratch.run(
      'Reshape',
      { x: filter },
      { shape: [kh * kw, channels, multiplier] },
    );
    const contributions: tf.TensorInfo[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const tapWeights = scratch.stridedSlice(
          filter4,
          [i * kw + j, 0, 0],
          [i * kw + j + 1, channels, multiplier],
          [1, 1, 1],
          1,
        );
        const product = scratch.run('Multiply', { a: dy5, b: tapWeights });
        const perChannel = scratch.run('Sum', { x: product }, { axis: [4], keepDims: false });
        contributions.push(
          placeAtTap(scratch, perChannel, {
            n,
            outH,
            outW,
            channels,
            sh,
            sw,
            i,
            j,
            paddedH,
            paddedW,
          }),
        );
      }
    }
    const summed =
      contributions.length === 1
        ? (contributions[0] as tf.TensorInfo)
        : scratch.run('AddN', contributions);
    const dx = scratch.stridedSlice(
      summed,
      [0, top, left, 0],
      [n, top + inputShape[1], left + inputShape[2], channels],
      [1, 1, 1, 1],
    );
    return scratch.keep(dx);
  } finally {
    scratch.dispose();
  }
}

/** Spreads [n, outH, outW, c] onto the padded input grid at rows i + oh·sh, columns j + ow·sw. */
function placeAtTap(
  scratch: KernelScratch,
  values: tf.TensorInfo,
  g: {
    n: number;
    outH: number;
    outW: number;
    channels: number;
    sh: number;
    sw: number;
    i: number;
    j: number;
    paddedH: number;
    paddedW: number;
  },
): tf.TensorInfo {
  // Interleave zeros for the stride: [n, outH, 1, outW, 1, c] padded to [n, outH, sh, outW, sw, c].
  const six = scratch.run(
    'Reshape',
    { x: values },
    { shape: [g.n, g.outH, 1, g.outW, 1, g.channels] },
  );
  const spread = scratch.run(
    'PadV2',
    { x: six },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, g.sh - 1],
        [0, 0],
        [0, g.sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const grid = scratch.run(
    'Reshape',
    { x: spread },
    { shape: [g.n, g.outH * g.sh, g.outW * g.sw, g.channels] },
  );
  const bottom = g.paddedH - g.i - g.outH * g.sh;
  const right = g.paddedW - g.j - g.outW * g.sw;
  if (bottom >= 0 && right >= 0) {
    return scratch.run(
      'PadV2',
      { x: grid },
      {
        paddings: [
          [0, 0],
          [g.i, bottom],
          [g.j, right],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
  }
  // The trailing zeros of the last stride can run past the grid: crop them first.
  const cropped = scratch.stridedSlice(
    grid,
    [0, 0, 0, 0],
    [
      g.n,
      Math.min(g.outH * g.sh, g.paddedH - g.i),
      Math.min(g.outW * g.sw, g.paddedW - g.j),
      g.channels,
    ],
    [1, 1, 1, 1],
  );
  return scratch.run(
    'PadV2',
    { x: cropped },
    {
      paddings: [
        [0, 0],
        [g.i, Math.max(bottom, 0)],
        [g.j, Math.max(right, 0)],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
}
