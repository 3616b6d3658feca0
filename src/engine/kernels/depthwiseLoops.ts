import * as tf from '../tf.js';
import {
  depthwiseConvInfo,
  requireInput,
  type DepthwiseAttrs,
  type KernelArgs,
} from './convTaps.js';
import { runFloatKernel } from './floatKernel.js';

/**
 * Gradients of a depthwise convolution (MobileNet's 3×3 layers) as direct loops. Each output
 * position touches kh·kw input values per channel, so both gradients cost as much as the forward
 * pass: a few million multiply-adds for MobileNet's top blocks, where the tap-by-tap composition
 * (depthwiseBackprop.ts) spent most of its time slicing, broadcasting and reducing.
 */

/** Sizes the loops need: input, output, filter, strides and the top/left padding. */
interface Geometry {
  n: number;
  inH: number;
  inW: number;
  channels: number;
  multiplier: number;
  outH: number;
  outW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

function geometry(xShape: number[], filterShape: number[], attrs: DepthwiseAttrs): Geometry {
  const info = depthwiseConvInfo(xShape, filterShape, attrs);
  return {
    n: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    channels: info.inChannels,
    multiplier: filterShape[3] as number,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/**
 * Calls `visit(xOffset, dyOffset, tap)` for every (output position, kernel tap) pair whose input
 * position lies inside the unpadded input; offsets point at channel 0.
 */
function forEachTap(g: Geometry, visit: (xAt: number, dyAt: number, tap: number) => void): void {
  const cm = g.channels * g.multiplier;
  for (let b = 0; b < g.n; b++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const dyAt = ((b * g.outH + oh) * g.outW + ow) * cm;
        for (let i = 0; i < g.kh; i++) {
          const ih = oh * g.sh + i - g.top;
          if (ih < 0 || ih >= g.inH) continue;
          for (let j = 0; j < g.kw; j++) {
            const iw = ow * g.sw + j - g.left;
            if (iw < 0 || iw >= g.inW) continue;
            visit(((b * g.inH + ih) * g.inW + iw) * g.channels, dyAt, i * g.kw + j);
          }
        }
      }
    }
  }
}

/** dW[i, j, c, m] = Σ over batch and output positions of x[tap position, c] · dy[c·mult + m]. */
export function depthwiseFilterGradientLoops(args: KernelArgs): tf.TensorInfo {
  const x = requireInput(args.inputs, 'x');
  const dy = requireInput(args.inputs, 'dy');
  const attrs = args.attrs as unknown as DepthwiseAttrs;
  const filterShape = attrs.filterShape as [number, number, number, number];
  const g = geometry(x.shape, filterShape, attrs);
  const [out] = runFloatKernel(args.backend, [x, dy], [filterShape], ([xs, dys], [dw]) => {
    const m = g.multiplier;
    const cm = g.channels * m;
    // Double-precision sums: each weight adds up batch × positions products.
    const sums = new Float64Array(g.kh * g.kw * cm);
    const xv = xs as Float32Array;
    const dyv = dys as Float32Array;
    forEachTap(g, (xAt, dyAt, tap) => {
      const wAt = tap * cm;
      if (m === 1) {
        for (let c = 0; c < cm; c++)
          sums[wAt + c] =
            (sums[wAt + c] as number) + (xv[xAt + c] as number) * (dyv[dyAt + c] as number);
        return;
      }
      for (let c = 0; c < g.channels; c++) {
        const xc = xv[xAt + c] as number;
        for (let k = 0; k < m; k++)
          sums[wAt + c * m + k] =
            (sums[wAt + c * m + k] as number) + xc * (dyv[dyAt + c * m + k] as number);
      }
    });
    (dw as Float32Array).set(sums);
  });
  return out as tf.TensorInfo;
}

/** dx[tap position, c] = Σ over taps and multipliers of dy[c·mult + m] · W[i, j, c, m]. */
export function depthwiseInputGradientLoops(args: KernelArgs): tf.TensorInfo {
  const dy = requireInput(args.inputs, 'dy');
  const filter = requireInput(args.inputs, 'filter');
  const attrs = args.attrs as unknown as DepthwiseAttrs;
  const inputShape = attrs.inputShape as [number, number, number, number];
  const g = geometry(inputShape, filter.shape, attrs);
  const [out] = runFloatKernel(args.backend, [dy, filter], [inputShape], ([dys, ws], [dx]) => {
    const m = g.multiplier;
    const cm = g.channels * m;
    const dyv = dys as Float32Array;
    const wv = ws as Float32Array;
    const dxv = dx as Float32Array;
    forEachTap(g, (xAt, dyAt, tap) => {
      const wAt = tap * cm;
      if (m === 1) {
        for (let c = 0; c < cm; c++)
          dxv[xAt + c] =
            (dxv[xAt + c] as number) + (dyv[dyAt + c] as number) * (wv[wAt + c] as number);
        return;
      }
      for (let c = 0; c < g.channels; c++) {
        let sum = 0;
        for (let k = 0; k < m; k++)
          sum += (dyv[dyAt + c * m + k] as number) * (wv[wAt + c * m + k] as number);
        dxv[xAt + c] = (dxv[xAt + c] as number) + sum;
      }
    });
  });
  return out as tf.TensorInfo;
}
