import type * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';

/**
 * Keras 3's `config.json` of a `.keras` file, as `keras.saving.load_model` reads it: a
 * Functional model whose layers carry `module`/`class_name`/`config` and inbound nodes whose
 * arguments are serialised KerasTensors pointing at `[layer, node, tensor]`.
 */
export interface KerasTensorRef {
  class_name: '__keras_tensor__';
  config: { shape: (number | null)[]; dtype: 'float32'; keras_history: [string, number, number] };
}

export interface KerasLayerConfig {
  module: 'keras.layers';
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
  name: string;
  inbound_nodes: { args: (KerasTensorRef | KerasTensorRef[])[]; kwargs: Record<string, never> }[];
}

export interface KerasModelConfig {
  module: 'keras.src.models.functional';
  class_name: 'Functional';
  config: {
    name: string;
    trainable: boolean;
    layers: KerasLayerConfig[];
    input_layers: [string, number, number];
    output_layers: [string, number, number];
  };
  registered_name: 'Functional';
  build_config: { input_shape: null };
  compile_config: null;
}

/** tfjs' own JSON of a layers model (Keras 2 style, pythonic keys). */
interface TfjsLayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, Record<string, unknown>?][][];
}

/**
 * The arguments each Keras 3 layer constructor accepts, taken from tfjs' config. Initialisers,
 * regularisers and constraints are left to Keras' defaults: the weights come with the file.
 */
const KERAS_ARGUMENTS: Record<string, readonly string[]> = {
  InputLayer: [],
  Conv2D: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate'],
  DepthwiseConv2D: [
    'kernel_size',
    'strides',
    'padding',
    'depth_multiplier',
    'data_format',
    'dilation_rate',
  ],
  BatchNormalization: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
  ReLU: ['max_value'],
  Activation: ['activation'],
  Add: [],
  ZeroPadding2D: ['padding', 'data_format'],
  MaxPooling2D: ['pool_size', 'strides', 'padding', 'data_format'],
  GlobalAveragePooling2D: ['data_format'],
  GlobalMaxPooling2D: ['data_format'],
  Flatten: ['data_format'],
  Dropout: ['rate', 'noise_shape', 'seed'],
  Dense: ['units'],
};

/** Layers whose tfjs config carries `activation` and `use_bias`. */
const WITH_ACTIVATION = new Set(['Conv2D', 'DepthwiseConv2D', 'Dense']);

export const KERAS_SUPPORTED_LAYERS = Object.keys(KERAS_ARGUMENTS);

/** The Keras 3 config of a single-input, single-output tfjs layers model. */
export function kerasModelConfig(model: tf.LayersModel): KerasModelConfig {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new AppError(
      'INVALID_ARGUMENT',
      'Keras export needs a model with one input and one output',
    );
  const json = model.toJSON(null, false) as unknown as {
    config: { name: string; layers: TfjsLayerJson[] };
  };
  const shapes = new Map(model.layers.map((layer) => [layer.name, outputShapeOf(layer)]));
  const inputName = model.inputLayers[0]?.name ?? '';
  const outputName = model.outputLayers[0]?.name ?? '';
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: model.name,
      trainable: true,
      layers: json.config.layers.map((layer) => kerasLayer(layer, shapes)),
      input_layers: [inputName, 0, 0],
      output_layers: [outputName, 0, 0],
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    compile_config: null,
  };
}

function kerasLayer(
  layer: TfjsLayerJson,
  shapes: Map<string, (number | null)[]>,
): KerasLayerConfig {
  const names = KERAS_ARGUMENTS[layer.class_name];
  if (!names)
    throw new AppError(
      'INVALID_ARGUMENT',
      `Keras export does not support ${layer.class_name} layers (${layer.name})`,
    );
  const source = layer.config;
  const config: Record<string, unknown> = {
    name: layer.name,
    trainable: source['trainable'] ?? true,
    dtype: 'float32',
  };
  for (const name of names) if (source[name] !== undefined) config[name] = source[name];
  if (WITH_ACTIVATION.has(layer.class_name)) {
    config['activation'] = source['activation'] ?? 'linear';
    config['use_bias'] = source['use_bias'] ?? true;
  }
  if (layer.class_name === 'InputLayer') {
    delete config['trainable'];
    config['batch_shape'] = source['batch_input_shape'];
    config['sparse'] = false;
  }
  if (layer.class_name === 'ReLU') config['max_value'] = source['max_value'] ?? null;
  return {
    module: 'keras.layers',
    class_name: layer.class_name,
    config,
    registered_name: null,
    name: layer.name,
    inbound_nodes: layer.inbound_nodes.map((node) => {
      const tensors = node.map(([name, nodeIndex, tensorIndex]) =>
        tensorRef(name, nodeIndex, tensorIndex, shapes),
      );
      return { args: tensors.length === 1 ? tensors : [tensors], kwargs: {} };
    }),
  };
}

function tensorRef(
  name: string,
  nodeIndex: number,
  tensorIndex: number,
  shapes: Map<string, (number | null)[]>,
): KerasTensorRef {
  return {
    class_name: '__keras_tensor__',
    config: {
      shape: shapes.get(name) ?? [],
      dtype: 'float32',
      keras_history: [name, nodeIndex, tensorIndex],
    },
  };
}

function outputShapeOf(layer: tf.layers.Layer): (number | null)[] {
  if (layer.inboundNodes.length > 1)
    throw new AppError(
      'INVALID_ARGUMENT',
      `Keras export needs each layer used once; ${layer.name} is shared`,
    );
  return layer.outputShape as (number | null)[];
}
