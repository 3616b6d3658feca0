import { mkdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { writeError } from '../../adapters/files/fileOps.js';
import { freePath } from '../../adapters/files/names.js';
import { writeFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import {
  FEATURE_LAYER_FILE,
  featureLayerChoice,
  featureLayerFile,
  type FeatureLayerChoice,
} from './featureLayers.js';
import { loadBasePack, loadFullLayersModel } from './loadPack.js';
import { openPackFiles } from './packFiles.js';
import { describePack, type PackListing } from './packStore.js';

/**
 * Adds a plain TF.js layers model (a classifier someone trained, say) to the pack store as a base
 * cut at `featureLayer`. Without a layer it is refused with FEATURE_LAYER_NEEDED, whose details
 * list the layers to choose from and the suggested one, so the app can offer a choice. The store
 * copy is always a folder and records the layer (feature-layer.json).
 */
export async function importPlainModel(
  path: string,
  store: string,
  featureLayer: string | undefined,
): Promise<PackListing> {
  const choice = await layerChoiceOf(path);
  const details = { featureLayers: choice.candidates, suggested: choice.suggested };
  const model = basename(path);
  if (featureLayer === undefined)
    throw new AppError(
      'FEATURE_LAYER_NEEDED',
      `${model} is a plain TF.js model: choose the layer whose output becomes the features${choice.suggested ? ` (suggested: "${choice.suggested}")` : ''}`,
      details,
    );
  if (!choice.candidates.some((c) => c.name === featureLayer))
    throw new AppError(
      'INVALID_ARGUMENT',
      `${model} has no layer "${featureLayer}" to take features from${choice.suggested ? `; the suggested one is "${choice.suggested}"` : ''}`,
      details,
    );
  // Build the base once as training will, so a layer that cannot be cut at fails here, not later.
  (await loadBasePack(path, { featureLayer })).model.dispose();
  await mkdir(store, { recursive: true }).catch((error: unknown) => {
    throw writeError(error, store);
  });
  const target = await freePath(store, model.replace(/\.zip$/i, ''), true);
  const files = await modelFiles(path);
  files.set(FEATURE_LAYER_FILE, featureLayerFile(featureLayer));
  // Whole or not at all, so a crash never leaves a half-copied model that lists as damaged.
  await writeFolderAtomically(target, files);
  return describePack(target);
}

async function layerChoiceOf(path: string): Promise<FeatureLayerChoice> {
  const full = await loadFullLayersModel(path);
  try {
    return featureLayerChoice(full);
  } finally {
    full.dispose();
  }
}

/** The model's files from its folder or zip, but for a feature layer recorded by an earlier import. */
async function modelFiles(path: string): Promise<Map<string, Uint8Array | string>> {
  const source = await openPackFiles(path);
  try {
    const files = new Map<string, Uint8Array | string>();
    for (const name of source.names())
      if (name !== FEATURE_LAYER_FILE) files.set(name, await source.read(name));
    return files;
  } finally {
    await source.close();
  }
}
