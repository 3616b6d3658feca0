import { basename } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import { CATALOG } from '../../../engine/catalog/catalog.js';
import { assignWeightsByName } from '../../../engine/packs/assignWeights.js';
import { identifyArchitecture } from '../../../engine/packs/identifyArchitecture.js';
import { kerasH5ToTensors, readKerasH5Weights } from './kerasH5.js';
import type { LoadedBase } from './loadPack.js';

export interface KerasBaseOptions {
  /** Input size when the file name does not say (keras.applications names do). Default 224. */
  inputSize?: number;
}

/**
 * Loads a keras.applications weights file (e.g. mobilenet_v2_weights_tf_dim_ordering_tf_kernels_
 * 0.35_224_no_top.h5) into the matching catalog architecture: by its file name when Keras named it,
 * otherwise by matching every weight name and shape.
 */
export async function loadKerasBase(
  path: string,
  options: KerasBaseOptions = {},
): Promise<LoadedBase> {
  const h5 = await readKerasH5Weights(path);
  const shapes = new Map([...h5.weights].map(([name, w]) => [name, w.shape]));
  const entry =
    CATALOG.find((e) => e.kerasWeightsFile === basename(path)) ??
    identifyArchitecture(shapes, options.inputSize ?? 224);
  if (!entry) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${basename(path)} does not hold the weights of a known base model (MobileNet V1/V2, VGG16, ResNet50)`,
    );
  }
  const tensors = kerasH5ToTensors(h5);
  const model = entry.build();
  try {
    const { unused } = assignWeightsByName(model, tensors);
    return {
      model,
      family: entry.family,
      architecture: entry.id,
      preprocessing: entry.preprocessing,
      kind: 'keras-h5',
      name: `Keras ${entry.displayName}`,
      source: path,
      license: 'see keras.applications (Apache-2.0 code; weights under their models’ terms)',
      droppedWeights: unused,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(tensors);
  }
}
