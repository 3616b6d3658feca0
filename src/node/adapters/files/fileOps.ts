import * as fs from 'node:fs/promises';
import { AppError } from '../../../common/errors.js';

/**
 * The file-system calls the writers in this folder make, so tests can make them fail (disk full,
 * no permission) or pause between them (the kill harnesses).
 */
export interface FileOps {
  mkdir(path: string): Promise<unknown>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Flushes a file or folder to the disk. */
  sync(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}

/** Errors of fsync on a folder that only mean "this system cannot do that" (Windows, some FUSE). */
const UNSYNCABLE = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EBADF']);

export const realFileOps: FileOps = {
  mkdir: (path) => fs.mkdir(path, { recursive: true }),
  writeFile: (path, data) => fs.writeFile(path, data),
  sync: async (path) => {
    const handle = await fs.open(path, 'r');
    try {
      await handle.sync();
    } catch (error) {
      // The rename still orders the folder's entries on these systems; nothing better to do.
      if (!UNSYNCABLE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fs.rename(from, to),
  rm: (path) => fs.rm(path, { recursive: true, force: true }),
  exists: (path) =>
    fs.lstat(path).then(
      () => true,
      () => false,
    ),
};

/** A file-system failure as the user should read it (disk full, no permission), naming the target. */
export function writeError(error: unknown, target: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'the disk is read-only'
          : (error as Error).message;
  return new AppError('WRITE_FAILED', `Could not write ${target}: ${why}. Nothing was changed.`, {
    path: target,
    ...(code ? { cause: code } : {}),
  });
}
