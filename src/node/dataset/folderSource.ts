import { lstat, open, opendir, readdir, readFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../common/errors.js';
import { throwIfAborted } from '../abort.js';
import { noBytes, type ChildListing, type DatasetSource, type SourceEntry } from './source.js';

/** Reads a dataset folder. Symbolic links are reported, never followed. */
export class FolderSource implements DatasetSource {
  readonly kind = 'folder';

  constructor(readonly path: string) {}

  async list(segments: readonly string[]): Promise<ChildListing[]> {
    const children = await readdir(join(this.path, ...segments), { withFileTypes: true });
    return children.map((child) => ({ name: child.name, isFolder: child.isDirectory() }));
  }

  async *entries(signal?: AbortSignal): AsyncIterable<SourceEntry> {
    yield* this.walk(this.path, [], signal);
  }

  async read(path: string): Promise<Uint8Array> {
    const segments = path.split('/');
    if (segments.some((s) => s === '..' || s === '') || isAbsolute(path)) {
      throw new AppError('INVALID_ARGUMENT', `Not a path inside the dataset: ${path}`);
    }
    return readFile(join(this.path, ...segments));
  }

  async close(): Promise<void> {}

  private async *walk(
    absolute: string,
    segments: string[],
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SourceEntry> {
    let directory;
    try {
      directory = await opendir(absolute);
    } catch (error) {
      yield unreadableFolder(segments, error);
      return;
    }
    for await (const child of directory) {
      throwIfAborted(signal);
      const childSegments = [...segments, child.name];
      const childPath = join(absolute, child.name);
      if (child.isDirectory()) {
        yield folderEntry(childSegments);
        yield* this.walk(childPath, childSegments, signal);
      } else {
        yield await leafEntry(child, childPath, childSegments);
      }
    }
  }
}

async function leafEntry(child: Dirent, path: string, segments: string[]): Promise<SourceEntry> {
  const kind = child.isSymbolicLink() ? 'symlink' : child.isFile() ? 'file' : 'special';
  const size = kind === 'file' ? await sizeOf(path) : 0;
  return {
    kind,
    segments,
    size,
    readHead: kind === 'file' ? (length) => readHead(path, length) : noBytes,
    readAll: kind === 'file' ? () => readFile(path) : noBytes,
  };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await lstat(path)).size;
  } catch {
    // The read that follows reports the real problem (vanished, permission) with its reason.
    return 0;
  }
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function folderEntry(segments: string[]): SourceEntry {
  return { kind: 'folder', segments, size: 0, readHead: noBytes, readAll: noBytes };
}

function unreadableFolder(segments: string[], error: unknown): SourceEntry {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return {
    kind: 'rejected',
    segments,
    size: 0,
    problem: {
      code: 'unreadable-folder',
      reason:
        code === 'EACCES' || code === 'EPERM'
          ? 'folder cannot be read: permission denied'
          : `folder cannot be read (${code})`,
    },
    readHead: noBytes,
    readAll: noBytes,
  };
}
