import * as tf from '../tf.js';
import { channelAffine, clippedRelu } from '../kernels/channelOps.js';
import { channelKernelsActive } from '../kernels/registerTrainingKernels.js';
import { isInferenceModeBatchNorm } from '../freeze.js';

type Call = (
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) => tf.Tensor | tf.Tensor[];

/**
 * Gives the layers of a fine-tuning copy cheaper calls with the same result (its weights, names and
 * what trains stay as they are):
 * - a BatchNorm in inference mode right after a convolution that feeds nothing else is folded into
 *   it: the convolution runs with its kernel scaled per output channel and the BatchNorm's offset as
 *   bias (its statistics are constants; gamma and beta still train, through the fold), and the
 *   BatchNorm passes its input on;
 * - any other BatchNorm in inference mode becomes one per-channel x·scale + offset pass;
 * - ReLU6 becomes one clip whose gradient is one masked copy (channelOps.ts).
 * Where the backend lacks the app's kernels (native TensorFlow), or a benchmark asked for the
 * baseline, every layer runs its own call. `inputsOf` names the layers feeding a layer.
 */
export function useFastTrainingCalls(
  layers: tf.layers.Layer[],
  inputsOf: (layer: tf.layers.Layer) => tf.layers.Layer[],
): void {
  const consumers = new Map<tf.layers.Layer, number>();
  for (const layer of layers) {
    for (const input of inputsOf(layer)) consumers.set(input, (consumers.get(input) ?? 0) + 1);
  }
  for (const layer of layers) {
    const className = layer.getClassName();
    if (className === 'BatchNormalization' && isInferenceModeBatchNorm(layer)) {
      const [conv, ...others] = inputsOf(layer);
      const folded =
        conv && others.length === 0 && consumers.get(conv) === 1 && foldInto(conv, layer);
      if (!folded) replaceCall(layer, (x) => inferenceBatchNorm(layer, x));
    } else if (className === 'ReLU') {
      const max = (layer.getConfig() as { maxValue?: number | null }).maxValue;
      if (typeof max === 'number') replaceCall(layer, (x) => clippedRelu(x, max));
    }
  }
}

/** `fast` answers undefined when it cannot take this input; the layer's own call then runs. */
function replaceCall(layer: tf.layers.Layer, fast: (x: tf.Tensor) => tf.Tensor | undefined): void {
  const patchable = layer as unknown as { call: Call };
  const own = patchable.call;
  patchable.call = function (this: unknown, inputs, kwargs) {
    // The functional executor passes a single input as a one-element list.
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
    const result = x && channelKernelsActive() ? fast(x) : undefined;
    return result ?? own.call(this, inputs, kwargs);
  };
}

interface ConvConfig {
  strides: [number, number];
  padding: 'same' | 'valid';
  dataFormat: string;
  dilationRate: [number, number];
  useBias: boolean;
  activation: string;
  depthMultiplier?: number;
}

/** Folds `batchNorm` into `conv` when the convolution is a plain, bias-free NHWC one. */
function foldInto(conv: tf.layers.Layer, batchNorm: tf.layers.Layer): boolean {
  const className = conv.getClassName();
  if (className !== 'Conv2D' && className !== 'DepthwiseConv2D') return false;
  const config = conv.getConfig() as unknown as ConvConfig;
  if (config.useBias || config.activation !== 'linear' || config.dataFormat !== 'channelsLast')
    return false;
  if (!lastAxis(batchNorm)) return false;
  const fields = conv as unknown as {
    kernel?: tf.LayerVariable;
    depthwiseKernel?: tf.LayerVariable;
  };
  const kernel = className === 'Conv2D' ? fields.kernel : fields.depthwiseKernel;
  if (!kernel) return false;
  replaceCall(conv, (x) =>
    tf.tidy(() => {
      const { scale, offset } = affineOf(batchNorm);
      const weights = kernel.read();
      // Conv2D's kernel ends with its output channels; a depthwise kernel with [channels, multiplier].
      const factor = className === 'Conv2D' ? scale : tf.reshape(scale, weights.shape.slice(2));
      const scaled = tf.mul(weights, factor);
      const options = {
        x: x as tf.Tensor4D,
        filter: scaled as tf.Tensor4D,
        strides: config.strides,
        pad: config.padding,
        dilations: config.dilationRate,
        bias: offset,
      };
      return className === 'Conv2D' ? tf.fused.conv2d(options) : tf.fused.depthwiseConv2d(options);
    }),
  );
  replaceCall(batchNorm, (x) => x);
  return true;
}

function lastAxis(batchNorm: tf.layers.Layer): boolean {
  const axis = (batchNorm.getConfig() as { axis?: number }).axis;
  const rank = (batchNorm.input as tf.SymbolicTensor | undefined)?.shape.length;
  return axis === -1 || (rank !== undefined && axis === rank - 1);
}

type BatchNormField = 'gamma' | 'beta' | 'movingMean' | 'movingVariance';

/** An inference-mode BatchNorm as x·scale + offset per channel, differentiable in gamma and beta. */
function affineOf(layer: tf.layers.Layer): { scale: tf.Tensor1D; offset: tf.Tensor1D } {
  // tfjs-layers' BatchNormalization keeps its variables in these fields (gamma and beta only when
  // `scale` and `center` are on).
  const fields = layer as unknown as Partial<Record<BatchNormField, tf.LayerVariable>>;
  const mean = fields.movingMean?.read();
  const variance = fields.movingVariance?.read();
  if (!mean || !variance) throw new Error(`${layer.name} has no moving statistics`);
  const gamma = fields.gamma?.read();
  const beta = fields.beta?.read();
  const epsilon = (layer.getConfig() as { epsilon?: number }).epsilon ?? 1e-3;
  const inverse = tf.rsqrt(tf.add(variance, epsilon));
  const scale = (gamma ? tf.mul(gamma, inverse) : inverse) as tf.Tensor1D;
  const shift = tf.mul(mean, scale);
  return { scale, offset: (beta ? tf.sub(beta, shift) : tf.neg(shift)) as tf.Tensor1D };
}

function inferenceBatchNorm(layer: tf.layers.Layer, x: tf.Tensor): tf.Tensor | undefined {
  if (!lastAxis(layer)) return undefined;
  return tf.tidy(() => {
    const { scale, offset } = affineOf(layer);
    return channelAffine(x, scale, offset);
  });
}
