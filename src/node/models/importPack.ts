import { cp, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../common/errors.js';
import { freePath } from '../files/names.js';
import { describePack, type PackListing } from './packStore.js';

/**
 * Adds a base model to the pack store from a folder or zip: one of our packs, a Teachable
 * Machine export or a TF.js layers model of a catalog architecture. It is validated first (a
 * damaged or unrecognised pack is refused with the reason), then copied under a free name.
 */
export async function importPack(path: string, store: string): Promise<PackListing> {
  if (extname(path).toLowerCase() === '.h5')
    throw new AppError(
      'INVALID_ARGUMENT',
      'Keras .h5 weight files are converted by "npx transfer-studio models fetch --from <their folder>"',
    );
  const listing = await describePack(path);
  if (listing.problem) throw new AppError('INVALID_ARGUMENT', `${path}: ${listing.problem}`);
  if (!listing.architecture)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${path} is a valid model, but not one of the base models the app knows (see "transfer-studio models")`,
    );
  const isFolder = (await stat(path)).isDirectory();
  const target = await freePath(store, basename(path), isFolder);
  const temporary = join(store, `.import-${randomBytes(4).toString('hex')}`);
  try {
    await cp(path, temporary, { recursive: isFolder, errorOnExist: true, force: false });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  return describePack(target);
}
