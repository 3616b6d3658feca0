import { existsSync } from 'node:fs';
import type { ModelFamily } from '../../common/models.js';
import type { Preprocessing } from '../../common/preprocessing.js';
import { CATALOG, catalogEntry } from '../../engine/catalog/catalog.js';
import type * as tf from '@tensorflow/tfjs';
import { loadBasePack } from './loadPack.js';

export interface ResolvedBase {
  model: tf.LayersModel;
  family: ModelFamily;
  preprocessing: Preprocessing;
  /** "random weights" for a bare catalog id, else the pack's name and source. */
  weights: string;
}

/** `--base` accepts a catalog id (architecture with random weights) or a pack path. */
export async function resolveBase(base: string, featureLayer?: string): Promise<ResolvedBase> {
  if (CATALOG.some((e) => e.id === base) || !existsSync(base)) {
    const entry = catalogEntry(base);
    return {
      model: entry.build(),
      family: entry.family,
      preprocessing: entry.preprocessing,
      weights: 'random weights (architecture only)',
    };
  }
  const loaded = await loadBasePack(base, featureLayer === undefined ? {} : { featureLayer });
  return {
    model: loaded.model,
    family: loaded.family,
    preprocessing: loaded.preprocessing,
    weights: `${loaded.name} (${loaded.kind}, ${loaded.source})`,
  };
}
