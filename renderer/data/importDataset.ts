import type { Bridge } from '../../src/common/contract/bridge.js';
import { topLevelNames, type PickedFile } from './dropFiles.js';

/** Upload batches stay well under the server's 16 MiB message limit once base64-encoded. */
const BATCH_BYTES = 6 * 2 ** 20;
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
 * otherwise copies the engine writes into a new uploads folder (flat, by file name).
 */
export async function enginePathsFor(
  bridge: Bridge,
  files: readonly PickedFile[],
  purpose: string,
): Promise<string[]> {
  if (bridge.kind === 'electron')
    return files.map((f) => bridge.pathForFile(f.file)).filter((p): p is string => !!p);
  const flat = files.map((f) => ({ ...f, path: f.path.split('/').pop() ?? f.path }));
  const folder = await uploadFiles(bridge, purpose, flat, () => undefined);
  return flat.map((f) => `${folder}/${f.path}`);
}

/** Sends files to the engine in batches; returns the folder they were written to. */
export async function uploadFiles(
  bridge: Bridge,
  name: string,
  files: readonly PickedFile[],
  onProgress: ImportProgress,
  signal?: AbortSignal,
): Promise<string> {
  let into: string | undefined;
  let done = 0;
  for (const batch of batches(files)) {
    signal?.throwIfAborted();
    const encoded = await Promise.all(
      batch.map(async (f) => ({ path: f.path, base64: toBase64(await f.file.arrayBuffer()) })),
    );
    into = (
      await bridge.call('dataset.upload', { name, files: encoded, ...(into ? { into } : {}) })
    ).path;
    done += batch.length;
    onProgress(done, files.length);
  }
  if (!into) throw new Error('Nothing to import: the drop held no files');
  return into;
}

function* batches(files: readonly PickedFile[]): Generator<PickedFile[]> {
  let batch: PickedFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (bytes + file.file.size > BATCH_BYTES || batch.length >= BATCH_FILES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.file.size;
  }
  if (batch.length > 0) yield batch;
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
