import { open } from 'node:fs/promises';
import h5wasm from 'h5wasm/node';
import type { Dataset, Group } from 'h5wasm/node';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';

/**
 * Keras' HDF5 weights layout (model.save_weights(...h5) and the keras.applications files cached in
 * ~/.keras/models): the root (or its "model_weights" group) lists `layer_names`; each layer group
 * lists `weight_names` ("Conv1/kernel:0") and holds one dataset per weight at that path.
 */
export interface KerasH5Weights {
  /** Weights by Keras name without the ":0" suffix: "Conv1/kernel". */
  weights: Map<string, { shape: number[]; values: Float32Array }>;
  layerNames: string[];
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** HDF5's superblock signature sits at 0, 512, 1024, 2048… (after a user block). */
async function isHdf5(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    for (const offset of [0, 512, 1024, 2048, 4096]) {
      const head = Buffer.alloc(8);
      const { bytesRead } = await handle.read(head, 0, 8, offset);
      if (bytesRead === 8 && head.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}

export async function readKerasH5Weights(path: string): Promise<KerasH5Weights> {
  if (!(await isHdf5(path).catch(() => false)))
    throw new AppError('INVALID_ARGUMENT', `Not a readable HDF5 file: ${path}`);
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  // h5wasm reports a file HDF5 could not open (damaged, cut short) by a negative id, not an error.
  if (file.file_id < 0n)
    throw new AppError(
      'INVALID_ARGUMENT',
      `Not a readable HDF5 file: ${path} (damaged or incomplete)`,
    );
  try {
    const root = (file.get('model_weights') as Group | null) ?? file;
    const layerNames = stringList(root.attrs['layer_names']?.value);
    if (layerNames.length === 0) {
      const hint = file.keys().includes('layers')
        ? ' (a Keras 3 .weights.h5 file: export legacy .h5 weights instead)'
        : '';
      throw new AppError('INVALID_ARGUMENT', `${path} has no Keras layer_names attribute${hint}`);
    }
    const weights = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const layer of layerNames) {
      const group = root.get(layer) as Group | null;
      for (const weightName of stringList(group?.attrs['weight_names']?.value)) {
        const dataset = group?.get(weightName) as Dataset | null;
        if (!dataset?.shape)
          throw new AppError(
            'INVALID_ARGUMENT',
            `${path}: weight ${layer}/${weightName} is missing`,
          );
        weights.set(kerasWeightKey(layer, weightName), {
          shape: dataset.shape,
          values: Float32Array.from(dataset.value as ArrayLike<number>),
        });
      }
    }
    return { weights, layerNames };
  } finally {
    file.close();
  }
}

/** "Conv1/kernel:0" in layer Conv1 → "Conv1/kernel"; bare "kernel:0" gets its layer's name. */
export function kerasWeightKey(layer: string, weightName: string): string {
  const parts = weightName.replace(/:\d+$/, '').split('/');
  const last = parts.at(-1) ?? '';
  const owner = parts.length >= 2 ? (parts.at(-2) ?? layer) : layer;
  return `${owner}/${last}`;
}

function stringList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? [value]
      : Array.from(value as Iterable<unknown>);
  return items.map((item) =>
    item instanceof Uint8Array ? new TextDecoder().decode(item) : String(item),
  );
}

export function kerasH5ToTensors(h5: KerasH5Weights): tf.NamedTensorMap {
  const tensors: tf.NamedTensorMap = {};
  for (const [name, { shape, values }] of h5.weights)
    tensors[name] = tf.tensor(values, shape, 'float32');
  return tensors;
}

/** Writes a model's weights in Keras' legacy HDF5 layout (what keras.Model.load_weights reads). */
export async function writeKerasH5Weights(model: tf.LayersModel, path: string): Promise<void> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'w');
  try {
    file.create_attribute(
      'layer_names',
      model.layers.map((l) => l.name),
    );
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('keras_version', '2.15.0');
    for (const layer of model.layers) {
      const group = file.create_group(layer.name);
      const variables = layer.weights;
      group.create_attribute(
        'weight_names',
        variables.map((v) => `${v.originalName}:0`),
      );
      const values = layer.getWeights();
      variables.forEach((variable, i) => {
        const [owner, short] = variable.originalName.split('/');
        const sub =
          (group.get(owner ?? layer.name) as Group | null) ??
          group.create_group(owner ?? layer.name);
        sub.create_dataset({
          name: `${short}:0`,
          data: values[i]?.dataSync() as Float32Array,
          shape: variable.shape as number[],
          dtype: '<f',
        });
      });
    }
  } finally {
    file.close();
  }
}
