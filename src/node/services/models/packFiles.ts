import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { ZipSource } from '../dataset/zipSource.js';

/** The files of a model pack, from a folder or a zip, by plain name. */
export interface PackFiles {
  readonly path: string;
  names(): string[];
  size(name: string): number | undefined;
  read(name: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openPackFiles(path: string): Promise<PackFiles> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats) throw new AppError('NOT_FOUND', `No such model pack: ${path}`, { path });
  if (stats.isDirectory()) return folderPackFiles(path);
  return zipPackFiles(path);
}

async function folderPackFiles(path: string): Promise<PackFiles> {
  const sizes = new Map<string, number>();
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.isFile()) sizes.set(entry.name, (await stat(join(path, entry.name))).size);
  }
  return {
    path,
    names: () => [...sizes.keys()],
    size: (name) => sizes.get(name),
    read: async (name) => {
      if (!sizes.has(name)) throw new AppError('NOT_FOUND', `The pack has no file "${name}"`);
      return readFile(join(path, name));
    },
    close: async () => undefined,
  };
}

/** A zip holding the pack's files at its root or inside one folder. */
async function zipPackFiles(path: string): Promise<PackFiles> {
  const zip = await ZipSource.open(path, { maxEntries: 20_000, maxTotalBytes: 4 * 2 ** 30 });
  const files = new Map<string, { size: number; read: () => Promise<Uint8Array> }>();
  for await (const entry of zip.entries()) {
    if (entry.kind !== 'file') continue;
    const inFolder = entry.segments.length === 2 ? entry.segments[1] : undefined;
    const name = entry.segments.length === 1 ? entry.segments[0] : inFolder;
    if (name !== undefined && !name.startsWith('.'))
      files.set(name, { size: entry.size, read: entry.readAll });
  }
  return {
    path,
    names: () => [...files.keys()],
    size: (name) => files.get(name)?.size,
    read: async (name) => {
      const file = files.get(name);
      if (!file) throw new AppError('NOT_FOUND', `The pack has no file "${name}"`);
      return file.read();
    },
    close: () => zip.close(),
  };
}
