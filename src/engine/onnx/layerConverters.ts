import type * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import type { OnnxGraphBuilder } from './graphBuilder.js';
import {
  convKernelToOihw,
  depthwiseKernelToOihw,
  foldBatchNorm,
  samePadding,
  type BatchNormParams,
  type ConvWeights,
} from './weights.js';

export interface OnnxTensor {
  name: string;
  /** NCHW inside convolutional parts, NC after pooling/flatten. */
  layout: 'NCHW' | 'NC';
}

export interface ConvertContext {
  builder: OnnxGraphBuilder;
  /** Convolution name → the BatchNorm layer folded into it. */
  foldedBatchNorms: Map<string, tf.layers.Layer>;
}

interface LayerConfig {
  activation?: string;
  kernelSize?: number | number[];
  strides?: number | number[];
  dilationRate?: number | number[];
  padding?: 'same' | 'valid' | number[][];
  poolSize?: number | number[];
  maxValue?: number | null;
  negativeSlope?: number;
  threshold?: number;
  epsilon?: number;
  scale?: boolean;
  center?: boolean;
  useBias?: boolean;
}

type Converter = (
  layer: tf.layers.Layer,
  inputs: OnnxTensor[],
  context: ConvertContext,
) => OnnxTensor;

const PASS_THROUGH = new Set([
  'Dropout',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

const CONVERTERS: Record<string, Converter> = {
  Conv2D: (layer, [x], ctx) => convolution(layer, one(x), ctx, false),
  DepthwiseConv2D: (layer, [x], ctx) => convolution(layer, one(x), ctx, true),
  BatchNormalization: batchNormalization,
  ReLU: (layer, [x], ctx) => relu(layer, one(x), ctx),
  Activation: (layer, [x], ctx) =>
    activation(config(layer).activation ?? 'linear', one(x), layer.name, ctx),
  Add: (layer, inputs, ctx) => ({
    name: ctx.builder.node(
      inputs.length === 2 ? 'Add' : 'Sum',
      inputs.map((t) => t.name),
      layer.name,
    ),
    layout: inputs[0]?.layout ?? 'NCHW',
  }),
  ZeroPadding2D: zeroPadding,
  MaxPooling2D: (layer, [x], ctx) => pooling('MaxPool', layer, one(x), ctx),
  AveragePooling2D: (layer, [x], ctx) => pooling('AveragePool', layer, one(x), ctx),
  GlobalAveragePooling2D: (layer, [x], ctx) =>
    globalPooling('GlobalAveragePool', layer, one(x), ctx),
  GlobalMaxPooling2D: (layer, [x], ctx) => globalPooling('GlobalMaxPool', layer, one(x), ctx),
  Flatten: flatten,
  Dense: dense,
};

export function convertLayer(
  layer: tf.layers.Layer,
  inputs: OnnxTensor[],
  context: ConvertContext,
): OnnxTensor {
  const className = layer.getClassName();
  if (PASS_THROUGH.has(className)) return one(inputs[0]);
  const converter = CONVERTERS[className];
  if (!converter)
    throw new AppError(
      'INVALID_ARGUMENT',
      `ONNX export does not support ${className} layers (${layer.name})`,
    );
  return converter(layer, inputs, context);
}

function one(tensor: OnnxTensor | undefined): OnnxTensor {
  if (!tensor) throw new AppError('INTERNAL', 'layer input missing');
  return tensor;
}

function config(layer: tf.layers.Layer): LayerConfig {
  return layer.getConfig() as LayerConfig;
}

function pair(value: number | number[] | undefined, fallback: number): [number, number] {
  if (Array.isArray(value)) return [value[0] ?? fallback, value[1] ?? value[0] ?? fallback];
  return [value ?? fallback, value ?? fallback];
}

function weightsOf(layer: tf.layers.Layer): Float32Array[] {
  return layer.getWeights().map((w) => w.dataSync() as Float32Array);
}

/** ONNX pads [top, left, bottom, right] for a layer's padding mode and static input size. */
function spatialPads(
  layer: tf.layers.Layer,
  kernel: [number, number],
  strides: [number, number],
  dilation: [number, number],
): number[] {
  const padding = config(layer).padding ?? 'valid';
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding !== 'same')
    throw new AppError(
      'INVALID_ARGUMENT',
      `ONNX export: explicit padding of ${layer.name} is not supported`,
    );
  const shape = (layer.input as tf.SymbolicTensor).shape;
  const [top, bottom] = samePadding(Number(shape[1]), kernel[0], strides[0], dilation[0]);
  const [left, right] = samePadding(Number(shape[2]), kernel[1], strides[1], dilation[1]);
  return [top, left, bottom, right];
}

function convolution(
  layer: tf.layers.Layer,
  x: OnnxTensor,
  ctx: ConvertContext,
  depthwise: boolean,
): OnnxTensor {
  const cfg = config(layer);
  const [kernel, bias] = weightsOf(layer);
  const kernelShape = layer.getWeights()[0]?.shape ?? [];
  let weights: ConvWeights = depthwise
    ? depthwiseKernelToOihw(kernel ?? new Float32Array(), kernelShape)
    : convKernelToOihw(kernel ?? new Float32Array(), kernelShape);
  if (cfg.useBias !== false && bias) weights.bias = bias;
  const bn = ctx.foldedBatchNorms.get(layer.name);
  if (bn) weights = foldBatchNorm(weights, batchNormParams(bn));
  const size = pair(cfg.kernelSize, 1);
  const strides = pair(cfg.strides, 1);
  const dilations = pair(cfg.dilationRate, 1);
  const inputs = [
    x.name,
    ctx.builder.floatInitializer(`${layer.name}_W`, weights.dims, weights.weight),
  ];
  if (weights.bias)
    inputs.push(ctx.builder.floatInitializer(`${layer.name}_B`, [weights.dims[0]], weights.bias));
  const out = ctx.builder.node('Conv', inputs, layer.name, {
    kernel_shape: size,
    strides,
    dilations,
    pads: spatialPads(layer, size, strides, dilations),
    group: depthwise ? Number(kernelShape[2]) : 1,
  });
  return activation(
    cfg.activation ?? 'linear',
    { name: out, layout: 'NCHW' },
    `${layer.name}_act`,
    ctx,
  );
}

function batchNormParams(layer: tf.layers.Layer): BatchNormParams {
  const cfg = config(layer);
  const weights = weightsOf(layer);
  const gamma = cfg.scale === false ? undefined : weights.shift();
  const beta = cfg.center === false ? undefined : weights.shift();
  const [mean, variance] = weights;
  if (!mean || !variance)
    throw new AppError('INTERNAL', `BatchNorm ${layer.name} has no statistics`);
  return { gamma, beta, mean, variance, epsilon: cfg.epsilon ?? 1e-3 };
}

function batchNormalization(
  layer: tf.layers.Layer,
  [x]: OnnxTensor[],
  ctx: ConvertContext,
): OnnxTensor {
  const input = one(x);
  if ([...ctx.foldedBatchNorms.values()].includes(layer)) return input;
  const p = batchNormParams(layer);
  const channels = p.mean.length;
  const names = [
    ctx.builder.floatInitializer(
      `${layer.name}_scale`,
      [channels],
      p.gamma ?? new Float32Array(channels).fill(1),
    ),
    ctx.builder.floatInitializer(
      `${layer.name}_bias`,
      [channels],
      p.beta ?? new Float32Array(channels),
    ),
    ctx.builder.floatInitializer(`${layer.name}_mean`, [channels], p.mean),
    ctx.builder.floatInitializer(`${layer.name}_var`, [channels], p.variance),
  ];
  return {
    name: ctx.builder.node('BatchNormalization', [input.name, ...names], layer.name, {
      epsilon: { float: p.epsilon },
    }),
    layout: input.layout,
  };
}

function relu(layer: tf.layers.Layer, x: OnnxTensor, ctx: ConvertContext): OnnxTensor {
  const cfg = config(layer);
  if ((cfg.negativeSlope ?? 0) !== 0 || (cfg.threshold ?? 0) !== 0) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `ONNX export: ReLU with a slope or threshold (${layer.name}) is not supported`,
    );
  }
  if (cfg.maxValue === null || cfg.maxValue === undefined)
    return { name: ctx.builder.node('Relu', [x.name], layer.name), layout: x.layout };
  return clip(x, 0, cfg.maxValue, layer.name, ctx);
}

function clip(
  x: OnnxTensor,
  min: number,
  max: number,
  name: string,
  ctx: ConvertContext,
): OnnxTensor {
  const low = ctx.builder.floatInitializer(`${name}_min`, [], Float32Array.of(min));
  const high = ctx.builder.floatInitializer(`${name}_max`, [], Float32Array.of(max));
  return { name: ctx.builder.node('Clip', [x.name, low, high], name), layout: x.layout };
}

const SIMPLE_ACTIVATIONS: Record<string, string> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  elu: 'Elu',
  selu: 'Selu',
  softplus: 'Softplus',
  softsign: 'Softsign',
};

function activation(
  name: string,
  x: OnnxTensor,
  outputName: string,
  ctx: ConvertContext,
): OnnxTensor {
  if (name === 'linear') return x;
  if (name === 'relu6') return clip(x, 0, 6, outputName, ctx);
  if (name === 'softmax') {
    return {
      name: ctx.builder.node('Softmax', [x.name], outputName, {
        axis: x.layout === 'NCHW' ? 1 : -1,
      }),
      layout: x.layout,
    };
  }
  const op = SIMPLE_ACTIVATIONS[name];
  if (!op)
    throw new AppError('INVALID_ARGUMENT', `ONNX export does not support the ${name} activation`);
  return { name: ctx.builder.node(op, [x.name], outputName), layout: x.layout };
}

function zeroPadding(layer: tf.layers.Layer, [x]: OnnxTensor[], ctx: ConvertContext): OnnxTensor {
  const padding = (layer.getConfig() as { padding?: number[][] }).padding ?? [
    [1, 1],
    [1, 1],
  ];
  const [[top, bottom], [left, right]] = padding as [[number, number], [number, number]];
  const pads = ctx.builder.int64Initializer(`${layer.name}_pads`, [
    0,
    0,
    top,
    left,
    0,
    0,
    bottom,
    right,
  ]);
  return {
    name: ctx.builder.node('Pad', [one(x).name, pads], layer.name, { mode: 'constant' }),
    layout: 'NCHW',
  };
}

function pooling(
  op: 'MaxPool' | 'AveragePool',
  layer: tf.layers.Layer,
  x: OnnxTensor,
  ctx: ConvertContext,
): OnnxTensor {
  const cfg = config(layer);
  const size = pair(cfg.poolSize, 2);
  const strides = pair(cfg.strides ?? cfg.poolSize, 2);
  const out = ctx.builder.node(op, [x.name], layer.name, {
    kernel_shape: size,
    strides,
    pads: spatialPads(layer, size, strides, [1, 1]),
  });
  return { name: out, layout: 'NCHW' };
}

function globalPooling(
  op: string,
  layer: tf.layers.Layer,
  x: OnnxTensor,
  ctx: ConvertContext,
): OnnxTensor {
  const pooled = ctx.builder.node(op, [x.name], `${layer.name}_4d`);
  return { name: ctx.builder.node('Flatten', [pooled], layer.name, { axis: 1 }), layout: 'NC' };
}

/** Keras flattens NHWC: go back to NHWC first so the order of features matches tfjs. */
function flatten(layer: tf.layers.Layer, [x]: OnnxTensor[], ctx: ConvertContext): OnnxTensor {
  const input = one(x);
  if (input.layout === 'NC') return input;
  const nhwc = ctx.builder.node('Transpose', [input.name], `${layer.name}_nhwc`, {
    perm: [0, 2, 3, 1],
  });
  return { name: ctx.builder.node('Flatten', [nhwc], layer.name, { axis: 1 }), layout: 'NC' };
}

function dense(layer: tf.layers.Layer, [x]: OnnxTensor[], ctx: ConvertContext): OnnxTensor {
  const input = one(x);
  if (input.layout !== 'NC')
    throw new AppError(
      'INVALID_ARGUMENT',
      `ONNX export: Dense on a 4-D tensor (${layer.name}) is not supported`,
    );
  const [kernel, bias] = weightsOf(layer);
  const shape = layer.getWeights()[0]?.shape ?? [];
  const inputs = [
    input.name,
    ctx.builder.floatInitializer(`${layer.name}_W`, shape, kernel ?? new Float32Array()),
  ];
  if (bias) inputs.push(ctx.builder.floatInitializer(`${layer.name}_B`, [bias.length], bias));
  const out = ctx.builder.node('Gemm', inputs, layer.name);
  return activation(
    config(layer).activation ?? 'linear',
    { name: out, layout: 'NC' },
    `${layer.name}_act`,
    ctx,
  );
}
