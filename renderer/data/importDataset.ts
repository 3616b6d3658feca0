import type { Bridge } from '../../src/common/contract/bridge.js';
import { uniqueNames } from '../tryit/tryResults.js';
import { topLevelNames, type PickedFile } from './dropFiles.js';

/**
 * The most file bytes in one upload message (about 1.4 MB once base64-encoded): far under the
 * server's 16 MiB frame limit, and small enough that the engine's memory stays flat whatever
 * the file's size.
 */
const CHUNK_BYTES = 2 ** 20;
const BATCH_FILES = 400;

export type ImportProgress = (done: number, total: number) => void;

/**
 * Where a dropped or picked set of files can be scanned from:
 * - in Electron, one dropped folder or zip is used in place (its path is known);
 * - otherwise the files are sent to the engine, which writes them into a new folder of its
 *   uploads directory. Several dropped folders become the classes of one dataset.
 */
export async function datasetPathFor(
  bridge: Bridge,
  files: readonly PickedFile[],
  onProgress: ImportProgress,
  signal?: AbortSignal,
): Promise<string> {
  const names = topLevelNames(files);
  const single = names.length === 1 ? files[0] : undefined;
  if (single && bridge.kind === 'electron') {
    const path = bridge.pathForFile(single.file);
    if (path) {
      // The dropped item's own folder: strip the path inside it.
      const inside = single.path.split('/').length - 1;
      return inside === 0 ? path : path.split(/[\\/]/).slice(0, -inside).join('/');
    }
  }
  // One dropped folder is the dataset itself; several are its classes.
  const strip = names.length === 1 && files.some((f) => f.path.includes('/'));
  const name = names.length === 1 ? (names[0] ?? 'dataset') : 'dropped classes';
  return uploadFiles(
    bridge,
    name,
    files.map((f) => ({ ...f, path: strip ? f.path.slice(f.path.indexOf('/') + 1) : f.path })),
    onProgress,
    signal,
  );
}

/**
 * Paths on the engine's disk for single picked or dropped files: their own paths in Electron,
 * otherwise copies the engine writes into a new uploads folder, flat, by file name: two folders'
 * "cat.jpg" become "cat.jpg" and "cat (2).jpg", never one file written twice.
 */
export async function enginePathsFor(
  bridge: Bridge,
  files: readonly PickedFile[],
  purpose: string,
): Promise<string[]> {
  if (bridge.kind === 'electron')
    return files.map((f) => bridge.pathForFile(f.file)).filter((p): p is string => !!p);
  const names = uniqueNames(files.map((f) => f.path.split('/').pop() ?? f.path));
  const flat = files.map((f, i) => ({ ...f, path: names[i] ?? f.path }));
  const { folder } = await sendFiles(bridge, purpose, flat, () => undefined);
  return flat.map((f) => `${folder}/${f.path}`);
}

/** Sends files to the engine in batches; returns what to scan (the folder, or a dropped zip). */
export async function uploadFiles(
  bridge: Bridge,
  name: string,
  files: readonly PickedFile[],
  onProgress: ImportProgress,
  signal?: AbortSignal,
): Promise<string> {
  return (await sendFiles(bridge, name, files, onProgress, signal)).path;
}

/**
 * Sends files in bounded messages: small files share a batch, a large file goes in chunks of
 * CHUNK_BYTES, each its own message (appended by the engine at its offset), so a 2 GB zip never
 * sits whole in one message, in the socket or in the engine's memory.
 */
async function sendFiles(
  bridge: Bridge,
  name: string,
  files: readonly PickedFile[],
  onProgress: ImportProgress,
  signal?: AbortSignal,
): Promise<{ path: string; folder: string }> {
  let sent: { path: string; folder: string } | undefined;
  let done = 0;
  for (const batch of batches(files.flatMap(pieces))) {
    signal?.throwIfAborted();
    const encoded = await Promise.all(batch.map(encodePiece));
    const into = sent ? { into: sent.folder } : {};
    sent = await bridge.call('dataset.upload', { name, files: encoded, ...into });
    done += batch.filter((p) => p.end === p.file.file.size).length;
    onProgress(done, files.length);
  }
  if (!sent) throw new Error('Nothing to import: the drop held no files');
  return sent;
}

/** A byte range of one file: a whole small file, or one chunk of a large one. */
interface Piece {
  file: PickedFile;
  start: number;
  end: number;
}

function pieces(file: PickedFile): Piece[] {
  const size = file.file.size;
  if (size === 0) return [{ file, start: 0, end: 0 }];
  const chunks: Piece[] = [];
  for (let start = 0; start < size; start += CHUNK_BYTES)
    chunks.push({ file, start, end: Math.min(size, start + CHUNK_BYTES) });
  return chunks;
}

function* batches(all: readonly Piece[]): Generator<Piece[]> {
  let batch: Piece[] = [];
  let bytes = 0;
  for (const piece of all) {
    const size = piece.end - piece.start;
    if (batch.length > 0 && (bytes + size > CHUNK_BYTES || batch.length >= BATCH_FILES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(piece);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

async function encodePiece({ file, start, end }: Piece) {
  const buffer = await file.file.slice(start, end).arrayBuffer();
  return { path: file.path, base64: toBase64(buffer), ...(start > 0 ? { offset: start } : {}) };
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
