import { existsSync } from 'node:fs';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import type { HeadConfig } from '../../../common/training.js';
import { CATALOG } from '../../../engine/catalog/catalog.js';
import { loadBasePack, type LoadedBase } from '../models/loadPack.js';
import { listPacksIn } from '../models/packStore.js';

export interface TrainingBaseOptions {
  /** For a plain TF.js layers model: the layer whose output is the feature (`--feature-layer`). */
  featureLayer?: string | undefined;
}

/**
 * `--base` for training: a pack path, or a catalog id whose pretrained weights are installed in the
 * pack store (or bundled). Random weights would make transfer learning meaningless, so a bare id
 * without a pack is an error that says how to get one.
 */
export async function resolveTrainingBase(
  base: string,
  stores: readonly string[],
  options: TrainingBaseOptions = {},
): Promise<LoadedBase> {
  const { featureLayer } = options;
  if (existsSync(base)) {
    const loaded = await loadBasePack(base, featureLayer === undefined ? {} : { featureLayer });
    if (featureLayer !== undefined && loaded.kind !== 'tfjs-layers') {
      loaded.model.dispose();
      throw fixedFeatureLayer(base);
    }
    return loaded;
  }
  if (featureLayer !== undefined) throw fixedFeatureLayer(base);
  if (!CATALOG.some((e) => e.id === base)) {
    throw new AppError(
      'NOT_FOUND',
      `"${base}" is neither a model pack path nor a known base model id (see "transfer-studio models")`,
    );
  }
  const pack = (await listPacksIn(stores)).find(
    (p) => p.architecture === base && p.problem === undefined,
  );
  if (!pack) {
    throw new AppError(
      'NOT_FOUND',
      `No pretrained weights for ${base} are installed in ${stores.join(' or ')}. Run "npx transfer-studio models fetch ${base}" while online, or copy a pack there.`,
    );
  }
  return loadBasePack(pack.path);
}

// A catalog base's feature layer is its architecture's (a silent ignore would train on another).
function fixedFeatureLayer(base: string): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    `--feature-layer applies to plain TF.js layers models; ${base} has a fixed feature layer (see "transfer-studio summary --base ${base}")`,
  );
}

/** The model whose output the head is trained on: pooled features, or the feature map for Flatten. */
export function embeddingModel(base: LoadedBase, head: HeadConfig): tf.LayersModel {
  if (head.pooling === 'average') return base.model;
  const entry = CATALOG.find((e) => e.id === base.architecture);
  if (!entry)
    throw new AppError(
      'INVALID_ARGUMENT',
      'A Flatten head needs a catalog base model (its feature map is not known for this one)',
    );
  const map = base.model.getLayer(entry.featureLayer).output as tf.SymbolicTensor;
  return tf.model({ inputs: base.model.inputs, outputs: map, name: `${base.model.name}_map` });
}
