import { lstat, open, opendir, readdir, readFile } from 'node:fs/promises';
import type { Dir, Dirent } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
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

  /*
   * Depth first with an explicit stack, not recursion: a tree thousands of folders deep (made by
   * a script gone wrong) once overflowed the call stack and failed the whole scan.
   */
  private async *walk(
    root: string,
    rootSegments: string[],
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SourceEntry> {
    const stack: OpenFolder[] = [];
    const first = await openFolder(root, rootSegments);
    if (!isOpen(first)) {
      yield first;
      return;
    }
    stack.push(first);
    try {
      while (stack.length > 0) {
        throwIfAborted(signal);
        const folder = stack.at(-1) as OpenFolder;
        const child = await folder.directory.read();
        if (child === null) {
          stack.pop();
          await folder.directory.close().catch(() => undefined);
          continue;
        }
        const name = decodedName(child);
        const segments = [...folder.segments, name ?? lossyName(child)];
        if (name === undefined) {
          yield undecodable(segments, child.isDirectory());
          continue;
        }
        const path = join(folder.path, name);
        if (!child.isDirectory()) {
          yield await leafEntry(child, path, segments);
          continue;
        }
        yield folderEntry(segments);
        if (segments.length > MAX_FOLDER_DEPTH) {
          yield tooDeep(segments);
          continue;
        }
        const opened = await openFolder(path, segments);
        if (!isOpen(opened)) yield opened;
        else stack.push(opened);
      }
    } finally {
      for (const folder of stack) await folder.directory.close().catch(() => undefined);
    }
  }
}

/** Deeper than any dataset layout needs (classes, splits, wrappers, a few sub-folders). */
export const MAX_FOLDER_DEPTH = 32;

interface OpenFolder {
  path: string;
  segments: string[];
  directory: Dir;
}

/** Node accepts 'buffer' here (names arrive as Buffers); its type declarations do not say so. */
const BYTE_NAMES = { encoding: 'buffer' as BufferEncoding };

function isOpen(folder: OpenFolder | SourceEntry): folder is OpenFolder {
  return 'directory' in folder;
}

async function openFolder(path: string, segments: string[]): Promise<OpenFolder | SourceEntry> {
  try {
    // Names come as bytes: a name that is not UTF-8 must be reported, not turned into U+FFFD and
    // then looked up under a name that does not exist (which said ENOENT).
    return { path, segments, directory: await opendir(path, BYTE_NAMES) };
  } catch (error) {
    return unreadableFolder(segments, error);
  }
}

function rawName(child: Dirent): Buffer {
  return child.name as unknown as Buffer;
}

function decodedName(child: Dirent): string | undefined {
  const raw = rawName(child);
  const name = raw.toString('utf8');
  return Buffer.from(name, 'utf8').equals(raw) ? name : undefined;
}

function lossyName(child: Dirent): string {
  return rawName(child).toString('latin1');
}

function undecodable(segments: string[], isFolder: boolean): SourceEntry {
  return {
    kind: 'rejected',
    segments,
    size: 0,
    problem: {
      code: 'undecodable-name',
      reason: `${isFolder ? 'folder' : 'file'} name is not valid UTF-8 (shown here as Latin-1); rename it to use it`,
    },
    readHead: noBytes,
    readAll: noBytes,
  };
}

function tooDeep(segments: string[]): SourceEntry {
  return {
    kind: 'rejected',
    segments,
    size: 0,
    problem: {
      code: 'folder-too-deep',
      reason: `folder is nested more than ${MAX_FOLDER_DEPTH} levels deep; its contents were not read`,
    },
    readHead: noBytes,
    readAll: noBytes,
  };
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
