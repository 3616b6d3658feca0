/**
 * Weight layouts: tfjs keeps kernels as [kh, kw, in, out] (HWIO) and the model in NHWC; ONNX wants
 * [out, in, kh, kw] (OIHW) and NCHW. BatchNorm after a convolution folds into its weights exactly:
 * y = γ·(conv(x) + b − μ)/√(σ² + ε) + β.
 */
export interface ConvWeights {
  /** OIHW for ONNX. */
  weight: Float32Array;
  dims: [number, number, number, number];
  bias: Float32Array | undefined;
}

/** Conv2D kernel [kh, kw, cin, cout] → [cout, cin, kh, kw]. */
export function convKernelToOihw(kernel: Float32Array, [kh, kw, cin, cout]: number[]): ConvWeights {
  const dims: [number, number, number, number] = [cout ?? 0, cin ?? 0, kh ?? 0, kw ?? 0];
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < dims[2]; i++) {
    for (let j = 0; j < dims[3]; j++) {
      for (let c = 0; c < dims[1]; c++) {
        for (let o = 0; o < dims[0]; o++) {
          out[((o * dims[1] + c) * dims[2] + i) * dims[3] + j] =
            kernel[((i * dims[3] + j) * dims[1] + c) * dims[0] + o] ?? 0;
        }
      }
    }
  }
  return { weight: out, dims, bias: undefined };
}

/** DepthwiseConv2D kernel [kh, kw, cin, mult] → [cin·mult, 1, kh, kw]; output channel c·mult + m, as tfjs orders it. */
export function depthwiseKernelToOihw(
  kernel: Float32Array,
  [kh, kw, cin, mult]: number[],
): ConvWeights {
  const [h, w, channels, multiplier] = [kh ?? 0, kw ?? 0, cin ?? 0, mult ?? 0];
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      for (let c = 0; c < channels; c++) {
        for (let m = 0; m < multiplier; m++) {
          out[((c * multiplier + m) * h + i) * w + j] =
            kernel[((i * w + j) * channels + c) * multiplier + m] ?? 0;
        }
      }
    }
  }
  return { weight: out, dims: [channels * multiplier, 1, h, w], bias: undefined };
}

export interface BatchNormParams {
  gamma: Float32Array | undefined;
  beta: Float32Array | undefined;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/** Folds BatchNorm (per output channel) into OIHW weights and a bias. */
export function foldBatchNorm(conv: ConvWeights, bn: BatchNormParams): ConvWeights {
  const outChannels = conv.dims[0];
  const perChannel = conv.weight.length / outChannels;
  const weight = new Float32Array(conv.weight.length);
  const bias = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    const scale = (bn.gamma?.[o] ?? 1) / Math.sqrt((bn.variance[o] ?? 1) + bn.epsilon);
    for (let k = 0; k < perChannel; k++)
      weight[o * perChannel + k] = (conv.weight[o * perChannel + k] ?? 0) * scale;
    bias[o] = ((conv.bias?.[o] ?? 0) - (bn.mean[o] ?? 0)) * scale + (bn.beta?.[o] ?? 0);
  }
  return { weight, dims: conv.dims, bias };
}

/** TensorFlow's "same" padding for one spatial dimension: [before, after]. */
export function samePadding(
  size: number,
  kernel: number,
  stride: number,
  dilation = 1,
): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
