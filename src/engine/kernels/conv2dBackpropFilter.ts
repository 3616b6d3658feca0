import * as tf from '../tf.js';
import { padForConv, requireInput, tapSlice, type Conv2DBackpropAttrs } from './convTaps.js';
import { KernelScratch } from './scratch.js';

type Attrs = Conv2DBackpropAttrs & { filterShape: [number, number, number, number] };

/**
 * The filter gradient of a 2-D convolution as one matrix product (im2col):
 * dW[kh·kw·cin, cout] = patches(x)ᵀ · dy, with the patches gathered by strided slices of the padded
 * input. tfjs-backend-wasm has every kernel this needs but not Conv2DBackpropFilter itself.
 */
export function conv2dBackpropFilterViaMatMul(
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
  backendName: string,
): tf.TensorInfo {
  const x = requireInput(args.inputs, 'x');
  const dy = requireInput(args.inputs, 'dy');
  const attrs = args.attrs as unknown as Attrs;
  if (attrs.dataFormat === 'NCHW')
    throw new Error('Conv2DBackpropFilter: only NHWC is supported here');
  const [kh, kw, cin, cout] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const scratch = new KernelScratch(args.backend as tf.KernelBackend, backendName);
  try {
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const columns = isPointwise(info) ? x : gatherPatches(scratch, x, info);
    const matrix = scratch.run('Reshape', { x: columns }, { shape: [rows, kh * kw * cin] });
    // Transposing first and multiplying plainly is ~10x faster on wasm than transposeA: true.
    const transposed = scratch.run('Transpose', { x: matrix }, { perm: [1, 0] });
    const a = scratch.run('Reshape', { x: transposed }, { shape: [1, kh * kw * cin, rows] });
    const b = scratch.run('Reshape', { x: dy }, { shape: [1, rows, cout] });
    const product = scratch.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    return scratch.keep(scratch.run('Reshape', { x: product }, { shape: [kh, kw, cin, cout] }));
  } finally {
    scratch.dispose();
  }
}

/** A 1×1, stride-1, unpadded convolution: its patches are the input itself. */
function isPointwise(info: tf.backend_util.Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  return (
    info.filterHeight === 1 &&
    info.filterWidth === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    top + bottom + left + right === 0
  );
}

/** [n, outH, outW, kh·kw·cin]: every tap's strided slice of the padded input, side by side. */
function gatherPatches(
  scratch: KernelScratch,
  x: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const padded = padForConv(scratch, x, info);
  const patches: tf.TensorInfo[] = [];
  for (let i = 0; i < info.filterHeight; i++) {
    for (let j = 0; j < info.filterWidth; j++) patches.push(tapSlice(scratch, padded, info, i, j));
  }
  return patches.length === 1
    ? (patches[0] as tf.TensorInfo)
    : scratch.run('Concat', patches, { axis: 3 });
}
