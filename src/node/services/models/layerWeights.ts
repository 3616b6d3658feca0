import type * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';

/**
 * How many weights each kind of layer creates, from its config and input shape alone: the rules
 * declaredSizes.ts applies to a topology before anything is built.
 */

export type Shape = (number | null)[];

export function refuse(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('INVALID_ARGUMENT', `Invalid model pack: ${message}`, details);
}

/**
 * Layer classes that create no weights whatever their config. Anything else must be one of the
 * weighted classes counted below, or it is refused: building an unknown class blindly is what
 * this check exists to prevent.
 */
export const WEIGHTLESS = new Set([
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'ThresholdedReLU',
  'Dropout',
  'SpatialDropout1D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'Flatten',
  'Reshape',
  'Permute',
  'RepeatVector',
  'Masking',
  'ZeroPadding2D',
  'Cropping2D',
  'UpSampling2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'MaxPooling3D',
  'AveragePooling1D',
  'AveragePooling2D',
  'AveragePooling3D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'Add',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
  'Concatenate',
  'Dot',
  'Rescaling',
  'CenterCrop',
  'Resizing',
]);

/** The number of weight elements a weighted layer creates, from its (tfjs) config and input. */
export function weightElements(
  className: string,
  config: tf.serialization.ConfigDict,
  inputs: Shape[],
  name: string,
): number {
  const input = inputs[0];
  if (inputs.length !== 1 || input === undefined)
    throw refuse(`layer "${name}" (${className}) takes one input`);
  const bias = (count: number) => (config['useBias'] === false ? 0 : count);
  const channels = () => channelCount(input, config, name);
  switch (className) {
    case 'Dense': {
      const units = positive(config['units'], name, 'units');
      return lastDim(input, name) * units + bias(units);
    }
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D':
    case 'Conv2DTranspose':
    case 'Conv3DTranspose': {
      const filters = positive(config['filters'], name, 'filters');
      return kernelArea(config, name) * channels() * filters + bias(filters);
    }
    case 'DepthwiseConv2D': {
      const out = channels() * positive(config['depthMultiplier'] ?? 1, name, 'depth_multiplier');
      return kernelArea(config, name) * out + bias(out);
    }
    case 'SeparableConv2D': {
      const filters = positive(config['filters'], name, 'filters');
      const middle =
        channels() * positive(config['depthMultiplier'] ?? 1, name, 'depth_multiplier');
      return kernelArea(config, name) * middle + middle * filters + bias(filters);
    }
    case 'BatchNormalization': {
      const dim = axisDim(input, config['axis'] ?? -1, name);
      const perChannel =
        2 + (config['center'] === false ? 0 : 1) + (config['scale'] === false ? 0 : 1);
      return perChannel * dim;
    }
    case 'Embedding':
      return (
        positive(config['inputDim'], name, 'input_dim') *
        positive(config['outputDim'], name, 'output_dim')
      );
    default:
      throw refuse(
        `layer "${name}" is of class ${className}, whose weights the app cannot check before building it`,
        { layer: name, className },
      );
  }
}

function positive(value: unknown, layer: string, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0)
    throw refuse(`layer "${layer}" has an invalid ${what}: ${JSON.stringify(value)}`);
  return value as number;
}

function lastDim(shape: Shape, layer: string): number {
  return axisDim(shape, -1, layer);
}

function axisDim(shape: Shape, axis: unknown, layer: string): number {
  if (!Number.isInteger(axis)) throw refuse(`layer "${layer}" has an invalid axis`);
  const index = (axis as number) < 0 ? shape.length + (axis as number) : (axis as number);
  const dim = shape[index];
  if (index <= 0 || dim === null || dim === undefined)
    throw refuse(
      `layer "${layer}" needs a known size on axis ${String(axis)} of its input ${JSON.stringify(shape)}`,
    );
  return dim;
}

function channelCount(shape: Shape, config: tf.serialization.ConfigDict, layer: string): number {
  return axisDim(shape, config['dataFormat'] === 'channelsFirst' ? 1 : -1, layer);
}

function kernelArea(config: tf.serialization.ConfigDict, layer: string): number {
  const size = config['kernelSize'];
  const dims = Array.isArray(size) ? size : [size];
  return dims.reduce<number>((area, d) => area * positive(d, layer, 'kernel_size'), 1);
}
