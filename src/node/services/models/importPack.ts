import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { writeError } from '../../adapters/files/fileOps.js';
import { freePath } from '../../adapters/files/names.js';
import { writeFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import { importPlainModel } from './importPlainModel.js';
import { describePack, type PackListing } from './packStore.js';

export interface ImportPackOptions {
  /** For a plain TF.js layers model: the layer whose output is the feature. */
  featureLayer?: string | undefined;
}

/**
 * Adds a base model to the pack store from a folder or zip: one of our packs, a Teachable
 * Machine export, a TF.js layers model of a catalog architecture, or any TF.js layers model with
 * a chosen feature layer. It is validated first (a damaged or unrecognised pack is refused with
 * the reason), then copied under a free name.
 */
export async function importPack(
  path: string,
  store: string,
  options: ImportPackOptions = {},
): Promise<PackListing> {
  if (extname(path).toLowerCase() === '.h5')
    throw new AppError(
      'INVALID_ARGUMENT',
      'Keras .h5 weight files are converted by "npx transfer-studio models fetch --from <their folder>"',
    );
  const listing = await describePack(path);
  if (listing.problem) throw new AppError('INVALID_ARGUMENT', `${path}: ${listing.problem}`);
  // Importing a store copy again keeps the layer it was imported with.
  const featureLayer = options.featureLayer ?? listing.featureLayer;
  if (listing.kind === 'tfjs-layers' && (featureLayer !== undefined || !listing.architecture))
    return importPlainModel(path, store, featureLayer);
  if (featureLayer !== undefined)
    throw new AppError(
      'INVALID_ARGUMENT',
      `A feature layer applies to plain TF.js layers models; ${path} is a ${listing.kind === 'pack' ? 'model pack' : 'Teachable Machine export'} with a fixed feature layer`,
    );
  if (!listing.architecture)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${path} is a valid model, but not one of the base models the app knows (see "transfer-studio models")`,
    );
  const isFolder = (await stat(path)).isDirectory();
  await mkdir(store, { recursive: true }).catch((error: unknown) => {
    throw writeError(error, store);
  });
  const target = await freePath(store, basename(path), isFolder);
  // Whole or not at all, so a crash never leaves a half-copied pack that lists as damaged.
  if (isFolder) await writeFolderAtomically(target, await packFolderFiles(path));
  else await writeFileAtomically(target, await readFile(path));
  return describePack(target);
}

/** A pack folder's files (packs are flat: model.json, weight shards, metadata). */
async function packFolderFiles(folder: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(folder, { withFileTypes: true }))
    if (entry.isFile()) files.set(entry.name, await readFile(join(folder, entry.name)));
  return files;
}
