import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { appHome } from '../../adapters/platform/appHome.js';
import { freePath, safeFolderName } from '../../adapters/files/names.js';
import { writeStoredZip, type StoredZipEntry } from '../../adapters/files/storedZip.js';

/** The most bytes one download.read answer carries (about 1.4 MB once base64-encoded). */
export const DOWNLOAD_CHUNK_BYTES = 2 ** 20;

export type OutputKind = 'export' | 'handIn';

/**
 * A new, free place for an export folder or a hand-in zip under `<app home>/exports`, named after
 * the project, so nobody has to type a path: "Flowers model", then "Flowers model (2)", ...
 */
export async function suggestOutputPath(
  env: Record<string, string | undefined>,
  kind: OutputKind,
  name: string | undefined,
): Promise<string> {
  const folder = join(appHome(env), 'exports');
  await mkdir(folder, { recursive: true });
  const stem = safeFolderName(name?.trim() ?? '', 'Transfer Studio', 60).trim();
  return kind === 'export'
    ? freePath(folder, `${stem} model`, true)
    : freePath(folder, `${stem} hand-in.zip`);
}

export interface DownloadChunk {
  /** The file name the browser saves it under. */
  name: string;
  /** The whole download's size in bytes. */
  size: number;
  base64: string;
}

/**
 * What a web page may download: only what this engine wrote for it (an export folder, zipped on
 * the first read; a hand-in zip as it is), never any other path, so the channel cannot be used to
 * read the disk. A folder's zip is built once and kept in memory until its last chunk is read.
 */
export class OutputDownloads {
  private readonly allowed = new Set<string>();
  private readonly zips = new Map<string, Buffer>();

  allow(path: string): void {
    this.allowed.add(resolve(path));
  }

  async read(path: string, offset: number): Promise<DownloadChunk> {
    const target = resolve(path);
    if (!this.allowed.has(target))
      throw new AppError('FORBIDDEN', `Only exports and hand-ins made here can be downloaded.`, {
        path,
      });
    const info = await stat(target);
    return info.isDirectory()
      ? this.readFolderZip(target, offset)
      : readFileChunk(target, offset, info.size);
  }

  private async readFolderZip(folder: string, offset: number): Promise<DownloadChunk> {
    // Offset 0 starts afresh, so a second download sees the folder as it is now.
    const zip = (offset === 0 ? undefined : this.zips.get(folder)) ?? (await zipFolder(folder));
    this.zips.set(folder, zip);
    const end = Math.min(zip.length, offset + DOWNLOAD_CHUNK_BYTES);
    if (end >= zip.length) this.zips.delete(folder);
    return {
      name: `${basename(folder)}.zip`,
      size: zip.length,
      base64: zip.subarray(offset, end).toString('base64'),
    };
  }
}

async function readFileChunk(path: string, offset: number, size: number): Promise<DownloadChunk> {
  const length = Math.max(0, Math.min(DOWNLOAD_CHUNK_BYTES, size - offset));
  const buffer = Buffer.alloc(length);
  const handle = await open(path, 'r');
  try {
    await handle.read(buffer, 0, length, offset);
  } finally {
    await handle.close();
  }
  return { name: basename(path), size, base64: buffer.toString('base64') };
}

/** Every file under `folder`, named by its path inside it, in a stable order. */
async function zipFolder(folder: string): Promise<Buffer> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const zipped: StoredZipEntry[] = [];
  for (const file of files)
    zipped.push({
      name: relative(folder, file).split(sep).join('/'),
      data: await readFile(file),
    });
  return writeStoredZip(zipped);
}
