import * as tf from '../tf.js';
import { requireInput, type Conv2DBackpropAttrs, type KernelArgs } from './convTaps.js';
import { KernelScratch } from './scratch.js';

type Attrs = Conv2DBackpropAttrs & { inputShape: [number, number, number, number] };

/** A 1×1, stride-1, unpadded NHWC convolution: its input gradient is one matrix product. */
export function isPointwise(args: KernelArgs): boolean {
  const attrs = args.attrs as unknown as Attrs;
  const filter = args.inputs.filter;
  if (!filter || attrs.dataFormat === 'NCHW') return false;
  const [kh, kw] = filter.shape;
  if (kh !== 1 || kw !== 1) return false;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { top, bottom, left, right } = info.padInfo;
  return info.strideHeight === 1 && info.strideWidth === 1 && top + bottom + left + right === 0;
}

/**
 * dx[positions, cin] = dy[positions, cout] · Wᵀ for a pointwise convolution (MobileNet's expand
 * and project layers). wasm's own Conv2DBackpropInput is a plain loop; its matrix product is
 * several times faster, and faster still with W transposed first than with transposeB.
 */
export function pointwiseBackpropInput(args: KernelArgs, backendName: string): tf.TensorInfo {
  const dy = requireInput(args.inputs, 'dy');
  const filter = requireInput(args.inputs, 'filter');
  const attrs = args.attrs as unknown as Attrs;
  const [, , cin, cout] = filter.shape as [number, number, number, number];
  const positions = tf.util.sizeFromShape(attrs.inputShape) / cin;
  const scratch = new KernelScratch(args.backend as tf.KernelBackend, backendName);
  try {
    const w = scratch.run('Reshape', { x: filter }, { shape: [cin, cout] });
    const wT = scratch.run('Transpose', { x: w }, { perm: [1, 0] });
    const b = scratch.run('Reshape', { x: wT }, { shape: [1, cout, cin] });
    const a = scratch.run('Reshape', { x: dy }, { shape: [1, positions, cout] });
    const product = scratch.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    return scratch.keep(scratch.run('Reshape', { x: product }, { shape: attrs.inputShape }));
  } finally {
    scratch.dispose();
  }
}
