import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CurrentImage } from '../../../common/datasetChanges.js';
import { AppError } from '../../../common/errors.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { openAnyDatasetSource, type SourceOpener } from '../dataset/anySource.js';
import { isSystemPath } from '../dataset/layout.js';
import { displayPath, type DatasetSource, type SourceEntry } from '../dataset/source.js';

/** One file of a text dataset and its content hash (the shape `compareDataset` reads). */
export type HashedFile = CurrentImage;

export interface HashOptions {
  signal?: AbortSignal | undefined;
  /** Saving (which happens often) reuses hashes of what is unchanged; checking reads it all. */
  reuseUnchanged?: boolean | undefined;
  /** The app's opener unless a test counts the reads. */
  openSource?: SourceOpener | undefined;
}

/**
 * Every file a text dataset holds (a folder of class folders of .txt files, a folder with tables,
 * a zip of either, or a lone table file), each with the SHA-256 of its bytes, sorted by path.
 * Files on disk are hashed as a stream, so a large CSV is never held in memory. With
 * `reuseUnchanged`, a file whose size and modification time are as when last hashed is not read
 * again, and a zip (or lone table) that is itself unchanged is not even opened; checking a
 * reopened project reads every file.
 */
export async function hashTextDatasetFiles(
  location: string,
  options: HashOptions = {},
): Promise<HashedFile[]> {
  const { signal, reuseUnchanged = false } = options;
  if (reuseUnchanged) {
    const known = await unchangedDatasetFile(location);
    if (known) return known;
  }
  const before = await stat(location).catch(() => undefined);
  const source = await openAnyDatasetSource(location, options.openSource);
  try {
    const files: HashedFile[] = [];
    for await (const entry of source.entries(signal)) {
      throwIfAborted(signal);
      if (entry.kind !== 'file' || isSystemPath(entry.segments)) continue;
      const sha256 = await hashEntry(source, entry, reuseUnchanged).catch(unreadable);
      // A file that cannot be read is no example either (the scan skips it): it is not listed.
      if (sha256 !== undefined) files.push({ path: displayPath(entry.segments), sha256 });
    }
    const sorted = files.sort((a, b) => a.path.localeCompare(b.path, 'en'));
    if (before?.isFile()) await rememberDatasetFile(location, before, sorted);
    return sorted;
  } finally {
    await source.close();
  }
}

/**
 * The hashes last taken of a dataset that is one file (a zip, a lone table), when that file is
 * provably the same: same size, modification time, change time and inode. The change time cannot
 * be set back by a program, so a rewrite that keeps the size and restores the modification time is
 * still noticed. Anything else is hashed again: the hash, not the stamp, is the truth.
 */
export async function unchangedDatasetFile(location: string): Promise<HashedFile[] | undefined> {
  const path = resolve(location);
  const known = knownDatasetFiles.get(path);
  if (!known) return undefined;
  const now = await stat(path).catch(() => undefined);
  if (!now || !sameStamp(known.stamp, stampOf(now))) return undefined;
  return known.files.map((file) => ({ ...file }));
}

interface FileStamp {
  size: number;
  modified: number;
  changed: number;
  inode: number;
}

function stampOf(stats: Stats): FileStamp {
  return { size: stats.size, modified: stats.mtimeMs, changed: stats.ctimeMs, inode: stats.ino };
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size && a.modified === b.modified && a.changed === b.changed && a.inode === b.inode
  );
}

/** Zips and lone tables by absolute path, with the hashes taken while they had that stamp. */
const knownDatasetFiles = new Map<string, { stamp: FileStamp; files: HashedFile[] }>();
/** A few datasets of one session; the oldest is forgotten first, so memory stays bounded. */
const MAX_KNOWN_DATASET_FILES = 16;

/** Keeps the hashes only when the file did not change while it was being read. */
async function rememberDatasetFile(
  location: string,
  before: Stats,
  files: HashedFile[],
): Promise<void> {
  const path = resolve(location);
  const after = await stat(path).catch(() => undefined);
  const stamp = stampOf(before);
  if (!after || !sameStamp(stamp, stampOf(after))) return;
  knownDatasetFiles.delete(path);
  if (knownDatasetFiles.size >= MAX_KNOWN_DATASET_FILES) {
    const oldest = knownDatasetFiles.keys().next();
    if (!oldest.done) knownDatasetFiles.delete(oldest.value);
  }
  knownDatasetFiles.set(path, { stamp, files: files.map((file) => ({ ...file })) });
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

/** Hashes of files on disk by absolute path, valid while their stamp is the same. */
const knownHashes = new Map<string, { stamp: FileStamp; sha256: string }>();
/** Enough for several large text datasets; the map is emptied beyond it, never grown without end. */
const MAX_KNOWN_HASHES = 200_000;

async function hashFileOnDisk(path: string, reuseUnchanged: boolean): Promise<string> {
  const stamp = stampOf(await stat(path));
  const known = reuseUnchanged ? knownHashes.get(path) : undefined;
  if (known && sameStamp(known.stamp, stamp)) return known.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  if (knownHashes.size >= MAX_KNOWN_HASHES) knownHashes.clear();
  knownHashes.set(path, { stamp, sha256 });
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
