import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import {
  KERAS_SUPPORTED_LAYERS,
  type KerasLayerConfig,
  type KerasModelConfig,
  type KerasTensorRef,
} from './kerasConfig.js';

/**
 * Rebuilds a tfjs model from a Keras 3 `config.json`, so an exported `.keras` file can be loaded
 * back and checked without Python. Only the layers Transfer Studio writes are understood.
 */
export async function modelFromKerasConfig(config: KerasModelConfig): Promise<tf.LayersModel> {
  if (config.class_name !== 'Functional')
    throw new AppError('INVALID_ARGUMENT', `Expected a Functional model, got ${config.class_name}`);
  const { name, layers, input_layers, output_layers } = config.config;
  const json = {
    class_name: 'Model',
    config: {
      name,
      layers: layers.map(tfjsLayer),
      input_layers: [input_layers],
      output_layers: [output_layers],
    },
  };
  return tf.models.modelFromJSON(json as unknown as tf.io.ModelJSON);
}

function tfjsLayer(layer: KerasLayerConfig): Record<string, unknown> {
  if (layer.module !== 'keras.layers' || !KERAS_SUPPORTED_LAYERS.includes(layer.class_name))
    throw new AppError(
      'INVALID_ARGUMENT',
      `Cannot load ${layer.module}.${layer.class_name} (${layer.name}) back`,
    );
  const { dtype: _dtype, batch_shape, ...rest } = layer.config;
  const config =
    layer.class_name === 'InputLayer' ? { ...rest, batch_input_shape: batch_shape } : rest;
  return {
    name: layer.name,
    class_name: layer.class_name,
    config: { ...config, dtype: 'float32' },
    inbound_nodes: layer.inbound_nodes.map((node) =>
      node.args
        .flatMap((arg): KerasTensorRef[] => (Array.isArray(arg) ? arg : [arg]))
        .map((tensor) => [...tensor.config.keras_history, {}]),
    ),
  };
}
