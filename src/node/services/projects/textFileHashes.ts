import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CurrentImage } from '../../../common/datasetChanges.js';
import { AppError } from '../../../common/errors.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { openAnyDatasetSource } from '../dataset/anySource.js';
import { isSystemPath } from '../dataset/layout.js';
import { displayPath, type DatasetSource, type SourceEntry } from '../dataset/source.js';

/** One file of a text dataset and its content hash (the shape `compareDataset` reads). */
export type HashedFile = CurrentImage;

/**
 * Every file a text dataset holds (a folder of class folders of .txt files, a folder with tables,
 * a zip of either, or a lone table file), each with the SHA-256 of its bytes, sorted by path.
 * Files on disk are hashed as a stream, so a large CSV is never held in memory. With
 * `reuseUnchanged` (saving, which happens often), a file whose size and modification time are as
 * when last hashed is not read again; checking a reopened project reads every file.
 */
export async function hashTextDatasetFiles(
  location: string,
  options: { signal?: AbortSignal | undefined; reuseUnchanged?: boolean } = {},
): Promise<HashedFile[]> {
  const { signal, reuseUnchanged = false } = options;
  const source = await openAnyDatasetSource(location);
  try {
    const files: HashedFile[] = [];
    for await (const entry of source.entries(signal)) {
      throwIfAborted(signal);
      if (entry.kind !== 'file' || isSystemPath(entry.segments)) continue;
      const sha256 = await hashEntry(source, entry, reuseUnchanged).catch(unreadable);
      // A file that cannot be read is no example either (the scan skips it): it is not listed.
      if (sha256 !== undefined) files.push({ path: displayPath(entry.segments), sha256 });
    }
    return files.sort((a, b) => a.path.localeCompare(b.path, 'en'));
  } finally {
    await source.close();
  }
}

async function hashEntry(
  source: DatasetSource,
  entry: SourceEntry,
  reuseUnchanged: boolean,
): Promise<string> {
  // A zip entry is inflated whole by its source; a file on disk can be streamed.
  if (source.kind === 'zip') return sha256Of(await entry.readAll());
  return hashFileOnDisk(join(source.path, ...entry.segments), reuseUnchanged);
}

interface KnownHash {
  size: number;
  modified: number;
  sha256: string;
}

/** Hashes of files on disk by absolute path, valid while size and modification time match. */
const knownHashes = new Map<string, KnownHash>();
/** Enough for several large text datasets; the map is emptied beyond it, never grown without end. */
const MAX_KNOWN_HASHES = 200_000;

async function hashFileOnDisk(path: string, reuseUnchanged: boolean): Promise<string> {
  const stats = await stat(path);
  const known = reuseUnchanged ? knownHashes.get(path) : undefined;
  if (known && known.size === stats.size && known.modified === stats.mtimeMs) return known.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  if (knownHashes.size >= MAX_KNOWN_HASHES) knownHashes.clear();
  knownHashes.set(path, { size: stats.size, modified: stats.mtimeMs, sha256 });
  return sha256;
}

/** A file gone or unreadable since it was listed, or a zip entry that cannot be inflated. */
function unreadable(error: unknown): undefined {
  if (error instanceof AppError) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR')
    return undefined;
  throw error;
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
