import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { openDatasetSource } from './openSource.js';
import type { DatasetSource, SourceEntry } from './source.js';

/** How a folder or zip is opened: the app's opener, or a test's gated or counting one. */
export type SourceOpener = (path: string) => Promise<DatasetSource>;

/**
 * A folder or a zip as for images, or a single table file (a CSV, TSV or JSON-lines file that is
 * not a zip). The zip is tried first, so a zip is opened once; only a file that is not one is
 * opened again, as the one table it holds.
 */
export async function openAnyDatasetSource(
  path: string,
  openSource: SourceOpener = openDatasetSource,
): Promise<DatasetSource> {
  try {
    return await openSource(path);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'ZIP_INVALID') throw error;
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) throw error;
    // A damaged zip stays a damaged zip; anything else may be a table (the scan judges it).
    if (isZipSignature(await readHead(path, 4))) throw error;
    const source = singleFileSource(path, stats.size);
    NOT_A_ZIP.set(source, error);
    return source;
  }
}

/**
 * For a single file opened as a table: why it is not a zip, the error to answer with when its
 * content turns out not to be text either.
 */
export function whyNotAZip(source: DatasetSource): AppError | undefined {
  return NOT_A_ZIP.get(source);
}

const NOT_A_ZIP = new WeakMap<DatasetSource, AppError>();

/** One table file seen as a source holding just that file, so the scan reads it like any other. */
function singleFileSource(path: string, size: number): DatasetSource {
  const name = basename(path);
  const entry: SourceEntry = {
    kind: 'file',
    segments: [name],
    size,
    readHead: (length) => readHead(path, length),
    readAll: () => readFile(path),
  };
  return {
    kind: 'folder',
    path: dirname(path),
    list: async (segments) => (segments.length === 0 ? [{ name, isFolder: false }] : []),
    entries: async function* () {
      yield entry;
    },
    read: async (file) => {
      if (file !== name) throw new AppError('NOT_FOUND', `No ${file} in ${path}`);
      return readFile(path);
    },
    close: async () => undefined,
  };
}

function isZipSignature(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05);
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
