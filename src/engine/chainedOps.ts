/**
 * The chained tensor methods (`x.mul(y)`, `x.toFloat()`…) for the modular packages. tfjs-core
 * declares them but registers them only from ES module files Node cannot load from its CommonJS
 * build, so only the umbrella bundle used to attach them. The table is tfjs-core's own list (4.22);
 * `src/node/adapters/backend/modularTf.test.ts` checks it against the umbrella in a fresh process.
 */
import * as core from '@tensorflow/tfjs-core';

type Tensor = core.Tensor;
type AnyOp = (...args: unknown[]) => unknown;

/** Methods that call the op of the same name with the tensor as its first argument. */
const SAME_NAME_OPS = [
  'abs',
  'acos',
  'acosh',
  'add',
  'all',
  'any',
  'argMax',
  'argMin',
  'asin',
  'asinh',
  'atan',
  'atan2',
  'atanh',
  'avgPool',
  'batchNorm',
  'batchToSpaceND',
  'broadcastTo',
  'ceil',
  'clipByValue',
  'conv1d',
  'conv2d',
  'conv2dTranspose',
  'cos',
  'cosh',
  'cumprod',
  'cumsum',
  'depthToSpace',
  'depthwiseConv2d',
  'dilation2d',
  'div',
  'divNoNan',
  'dot',
  'elu',
  'equal',
  'erf',
  'euclideanNorm',
  'exp',
  'expandDims',
  'expm1',
  'fft',
  'floor',
  'floorDiv',
  'gather',
  'greater',
  'greaterEqual',
  'ifft',
  'irfft',
  'isFinite',
  'isInf',
  'isNaN',
  'leakyRelu',
  'less',
  'lessEqual',
  'localResponseNormalization',
  'log',
  'log1p',
  'logSigmoid',
  'logSoftmax',
  'logSumExp',
  'logicalAnd',
  'logicalNot',
  'logicalOr',
  'logicalXor',
  'matMul',
  'max',
  'maxPool',
  'maximum',
  'mean',
  'min',
  'minimum',
  'mirrorPad',
  'mod',
  'mul',
  'neg',
  'norm',
  'notEqual',
  'onesLike',
  'pad',
  'pool',
  'pow',
  'prelu',
  'prod',
  'reciprocal',
  'relu',
  'relu6',
  'reshape',
  'reverse',
  'rfft',
  'round',
  'rsqrt',
  'selu',
  'separableConv2d',
  'sigmoid',
  'sign',
  'sin',
  'sinh',
  'slice',
  'softmax',
  'softplus',
  'spaceToBatchND',
  'split',
  'sqrt',
  'square',
  'squaredDifference',
  'squeeze',
  'step',
  'stridedSlice',
  'sub',
  'sum',
  'tan',
  'tanh',
  'tile',
  'topk',
  'transpose',
  'unique',
  'unsortedSegmentSum',
  'unstack',
  'zerosLike',
] as const;

const SPECIAL: Record<string, (this: Tensor, ...args: never[]) => unknown> = {
  asType(this: Tensor, dtype: core.DataType) {
    return core.cast(this, dtype);
  },
  toBool(this: Tensor) {
    return core.cast(this, 'bool');
  },
  toFloat(this: Tensor) {
    return core.cast(this, 'float32');
  },
  toInt(this: Tensor) {
    return core.cast(this, 'int32');
  },
  as1D(this: Tensor) {
    return core.reshape(this, [this.size]);
  },
  flatten(this: Tensor) {
    return core.reshape(this, [this.size]);
  },
  as2D(this: Tensor, ...shape: number[]) {
    return core.reshape(this, shape);
  },
  as3D(this: Tensor, ...shape: number[]) {
    return core.reshape(this, shape);
  },
  as4D(this: Tensor, ...shape: number[]) {
    return core.reshape(this, shape);
  },
  as5D(this: Tensor, ...shape: number[]) {
    return core.reshape(this, shape);
  },
  asScalar(this: Tensor) {
    if (this.size !== 1) throw new Error('The array must have only 1 element.');
    return core.reshape(this, []);
  },
  reshapeAs(this: Tensor, other: Tensor) {
    return core.reshape(this, other.shape);
  },
  concat(this: Tensor, others: Tensor | Tensor[], axis?: number) {
    return core.concat([this, ...(others instanceof core.Tensor ? [others] : others)], axis);
  },
  stack(this: Tensor, others: Tensor | Tensor[], axis?: number) {
    return core.stack([this, ...(others instanceof core.Tensor ? [others] : others)], axis);
  },
  oneHot(this: Tensor, depth: number, onValue = 1, offValue = 0) {
    return core.oneHot(this, depth, onValue, offValue);
  },
  where(this: Tensor, condition: Tensor, other: Tensor) {
    return core.where(condition, this, other);
  },
  resizeBilinear(this: Tensor, ...args: [[number, number], boolean?, boolean?]) {
    return core.image.resizeBilinear(this as core.Tensor4D, ...args);
  },
  resizeNearestNeighbor(this: Tensor, ...args: [[number, number], boolean?, boolean?]) {
    return core.image.resizeNearestNeighbor(this as core.Tensor4D, ...args);
  },
};

export const CHAINED_METHOD_NAMES: readonly string[] = [...SAME_NAME_OPS, ...Object.keys(SPECIAL)];

/** Attaches the methods the prototype lacks; harmless when the umbrella already attached them. */
export function registerChainedOps(): void {
  const prototype = core.Tensor.prototype as unknown as Record<string, unknown>;
  const ops = core as unknown as Record<string, AnyOp>;
  for (const name of SAME_NAME_OPS) {
    if (prototype[name] !== undefined) continue;
    const op = ops[name];
    if (typeof op !== 'function') throw new Error(`tfjs-core has no op named ${name}`);
    prototype[name] = function (this: Tensor, ...args: unknown[]) {
      this.throwIfDisposed();
      return op(this, ...args);
    };
  }
  for (const [name, method] of Object.entries(SPECIAL)) {
    if (prototype[name] !== undefined) continue;
    prototype[name] = function (this: Tensor, ...args: never[]) {
      this.throwIfDisposed();
      return method.apply(this, args);
    };
  }
}
