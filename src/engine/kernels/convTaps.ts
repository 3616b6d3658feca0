import * as tf from '../tf.js';
import type { KernelScratch } from './scratch.js';

/** The shared pieces of the convolution gradients: both read the input tap by tap. */

/** What tfjs hands a kernel function. */
export type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
};

/** The attributes every convolution gradient kernel is handed. */
interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The attributes of the 2-D gradient kernels (Conv2DBackpropInput, Conv2DBackpropFilter). */
export interface Conv2DBackpropAttrs extends ConvAttrs {
  dataFormat: 'NHWC' | 'NCHW';
}

/** The attributes of the depthwise gradient kernels (DepthwiseConv2dNativeBackprop*). */
export interface DepthwiseAttrs extends ConvAttrs {
  dilations: [number, number] | number;
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

/** The forward depthwise convolution's geometry; dilated ones are refused (MobileNets have none). */
export function depthwiseConvInfo(
  xShape: number[],
  filterShape: number[],
  attrs: DepthwiseAttrs,
): tf.backend_util.Conv2DInfo {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('Depthwise convolution gradients with dilation are not supported');
  }
  return info;
}

export function requireInput(inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  const input = inputs[name];
  if (!input) throw new Error(`missing input ${name}`);
  return input;
}

/** The input with the zero padding the forward convolution applied (itself when there is none). */
export function padForConv(
  scratch: KernelScratch,
  x: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return x;
  return scratch.run(
    'PadV2',
    { x },
    {
      paddings: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
}

/** [n, outH, outW, c]: the values kernel tap (i, j) reads from the padded input at every output position. */
export function tapSlice(
  scratch: KernelScratch,
  padded: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  i: number,
  j: number,
): tf.TensorInfo {
  const [n, , , c] = padded.shape as [number, number, number, number];
  return scratch.stridedSlice(
    padded,
    [0, i, j, 0],
    [
      n,
      i + (info.outHeight - 1) * info.strideHeight + 1,
      j + (info.outWidth - 1) * info.strideWidth + 1,
      c,
    ],
    [1, info.strideHeight, info.strideWidth, 1],
  );
}
