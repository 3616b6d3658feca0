import { stat } from 'node:fs/promises';
import { AppError } from '../../../common/errors.js';
import { FolderSource } from './folderSource.js';
import type { DatasetSource } from './source.js';
import { ZipSource, type ZipLimits } from './zipSource.js';

/** Opens a dataset given as a folder or a .zip file (the path the user picked or dropped). */
export async function openDatasetSource(
  path: string,
  zipLimits?: ZipLimits,
): Promise<DatasetSource> {
  // stat, not lstat: the path the user chose may itself be a link; only links inside are refused.
  const stats = await stat(path).catch(() => undefined);
  if (!stats) throw new AppError('NOT_FOUND', `No such folder or file: ${path}`, { path });
  if (stats.isDirectory()) return new FolderSource(path);
  if (stats.isFile()) return ZipSource.open(path, zipLimits);
  throw new AppError('NOT_A_DATASET', `Not a folder or a zip file: ${path}`, { path });
}
