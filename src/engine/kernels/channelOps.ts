import * as tf from '../tf.js';
import { requireInput, type KernelArgs } from './convTaps.js';
import { runFloatKernel } from './floatKernel.js';

/**
 * Two element-wise layers of MobileNet fine-tuning as single passes with hand-written gradients:
 * - channelAffine(x, scale, offset) = x·scale + offset per channel (last axis): a BatchNorm in
 *   inference mode, whose statistics are constants. tfjs' batchNorm gradient tiles its
 *   per-channel factors to the activation's full size; here one pass over dy and x gives dx and the
 *   two per-channel sums.
 * - clippedRelu(x, max) = min(max(x, 0), max) (ReLU6): its gradient is one masked copy of dy,
 *   where relu followed by clipByValue costs five comparison and select kernels.
 */
export const CHANNEL_AFFINE = 'TransferStudioChannelAffine';
export const CHANNEL_AFFINE_GRAD = 'TransferStudioChannelAffineGrad';
export const CLIPPED_RELU_GRAD = 'TransferStudioClippedReluGrad';

function channelsOf(x: tf.TensorInfo, perChannel: tf.TensorInfo): number {
  const channels = x.shape.at(-1) ?? 0;
  if (perChannel.shape.length !== 1 || perChannel.shape[0] !== channels)
    throw new Error(`expected ${channels} per-channel values, got shape [${perChannel.shape}]`);
  return channels;
}

export function channelAffineKernel(args: KernelArgs): tf.TensorInfo {
  const x = requireInput(args.inputs, 'x');
  const scale = requireInput(args.inputs, 'scale');
  const offset = requireInput(args.inputs, 'offset');
  const channels = channelsOf(x, scale);
  channelsOf(x, offset);
  const [y] = runFloatKernel(args.backend, [x, scale, offset], [x.shape], ([xs, s, t], [out]) => {
    const xv = xs as Float32Array;
    const sv = s as Float32Array;
    const tv = t as Float32Array;
    const yv = out as Float32Array;
    for (let at = 0; at < xv.length; at += channels) {
      for (let c = 0; c < channels; c++)
        yv[at + c] = (xv[at + c] as number) * (sv[c] as number) + (tv[c] as number);
    }
  });
  return y as tf.TensorInfo;
}

/** Outputs dx = dy·scale, Σ dy·x and Σ dy (the sums per channel, over every other axis). */
export function channelAffineGradKernel(args: KernelArgs): tf.TensorInfo[] {
  const dy = requireInput(args.inputs, 'dy');
  const x = requireInput(args.inputs, 'x');
  const scale = requireInput(args.inputs, 'scale');
  const channels = channelsOf(x, scale);
  return runFloatKernel(
    args.backend,
    [dy, x, scale],
    [x.shape, [channels], [channels]],
    ([dys, xs, s], [dx, dScale, dOffset]) => {
      const dyv = dys as Float32Array;
      const xv = xs as Float32Array;
      const sv = s as Float32Array;
      const dxv = dx as Float32Array;
      const scaleSums = new Float64Array(channels);
      const offsetSums = new Float64Array(channels);
      for (let at = 0; at < dyv.length; at += channels) {
        for (let c = 0; c < channels; c++) {
          const g = dyv[at + c] as number;
          dxv[at + c] = g * (sv[c] as number);
          scaleSums[c] = (scaleSums[c] as number) + g * (xv[at + c] as number);
          offsetSums[c] = (offsetSums[c] as number) + g;
        }
      }
      (dScale as Float32Array).set(scaleSums);
      (dOffset as Float32Array).set(offsetSums);
    },
  );
}

/** dx = dy where 0 < x ≤ max, else 0 (the gradient relu then clipByValue(0, max) has). */
export function clippedReluGradKernel(args: KernelArgs): tf.TensorInfo {
  const dy = requireInput(args.inputs, 'dy');
  const x = requireInput(args.inputs, 'x');
  const max = (args.attrs as { max: number }).max;
  const [dx] = runFloatKernel(args.backend, [dy, x], [x.shape], ([dys, xs], [out]) => {
    const dyv = dys as Float32Array;
    const xv = xs as Float32Array;
    const dxv = out as Float32Array;
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i] as number;
      dxv[i] = v > 0 && v <= max ? (dyv[i] as number) : 0;
    }
  });
  return dx as tf.TensorInfo;
}

/** x·scale + offset along the last axis; scale and offset are rank 1. */
export function channelAffine(x: tf.Tensor, scale: tf.Tensor1D, offset: tf.Tensor1D): tf.Tensor {
  const op = tf.customGrad((...args) => {
    const [input, s, t, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([input, s]);
    const value = tf
      .engine()
      .runKernel(CHANNEL_AFFINE, { x: input, scale: s, offset: t }) as tf.Tensor;
    return {
      value,
      gradFunc: (dy, saved) => {
        const [savedX, savedScale] = saved as [tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(CHANNEL_AFFINE_GRAD, {
          dy: dy as tf.Tensor,
          x: savedX,
          scale: savedScale,
        }) as tf.Tensor[];
      },
    };
  });
  return op(x, scale, offset);
}

/** min(max(x, 0), max), with its gradient in one pass. */
export function clippedRelu(x: tf.Tensor, max: number): tf.Tensor {
  const op = tf.customGrad((...args) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([input]);
    return {
      value: tf.clipByValue(input, 0, max),
      gradFunc: (dy, saved) =>
        tf
          .engine()
          .runKernel(
            CLIPPED_RELU_GRAD,
            { dy: dy as tf.Tensor, x: (saved as tf.Tensor[])[0] as tf.Tensor },
            { max },
          ) as tf.Tensor,
    };
  });
  return op(x);
}
