import { existsSync } from 'node:fs';
import type { ModelFamily } from '../../../common/models.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import { CATALOG, catalogEntry } from '../../../engine/catalog/catalog.js';
import type * as tf from '../../../engine/tf.js';
import { loadBasePack } from './loadPack.js';

export interface SummaryBase {
  model: tf.LayersModel;
  family: ModelFamily;
  preprocessing: Preprocessing;
  /** "random weights" for a bare catalog id, else the pack's name and source. */
  weights: string;
}

/**
 * `summary --base` and the Model screen's layer table: a catalog id gives the architecture (random
 * weights: only its layers are shown), a path a pack. Training resolves bases differently: see
 * resolveTrainingBase, which insists on pretrained weights.
 */
export async function resolveBaseForSummary(
  base: string,
  featureLayer?: string,
): Promise<SummaryBase> {
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
