import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../common/errors.js';

/** The file-system calls the writer makes, so tests can make them fail (disk full, no permission). */
export interface FileOps {
  mkdir(path: string): Promise<unknown>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Flushes a file or folder to the disk. */
  sync(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}

export const realFileOps: FileOps = {
  mkdir: (path) => fs.mkdir(path, { recursive: true }),
  writeFile: (path, data) => fs.writeFile(path, data),
  sync: async (path) => {
    const handle = await fs.open(path, 'r');
    try {
      await handle.sync();
    } catch (error) {
      // Some systems cannot fsync a folder (EISDIR, EINVAL on Windows): the rename still orders it.
      if (
        !['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes(
          (error as NodeJS.ErrnoException).code ?? '',
        )
      )
        throw error;
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fs.rename(from, to),
  rm: (path) => fs.rm(path, { recursive: true, force: true }),
  exists: (path) =>
    fs.stat(path).then(
      () => true,
      () => false,
    ),
};

export interface AtomicWriteOptions {
  /** Replace an existing folder. Default false: an existing target is an error. */
  overwrite?: boolean;
  ops?: FileOps;
  /**
   * Runs on the finished temporary folder before it is put in place (re-load and check what was
   * written); it may return more files to add. If it throws, nothing is put in place.
   */
  finalize?: (folder: string) => Promise<ReadonlyMap<string, Uint8Array | string> | undefined>;
}

/**
 * Writes a folder of files so that it appears whole or not at all: everything goes into a
 * temporary folder beside the target, is flushed to disk, and is renamed into place. A previous
 * folder is moved aside first and put back if the swap fails, so a failure never loses it.
 */
export async function writeFolderAtomically(
  target: string,
  files: ReadonlyMap<string, Uint8Array | string>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const ops = options.ops ?? realFileOps;
  const exists = await ops.exists(target);
  if (exists && !options.overwrite)
    throw new AppError(
      'ALREADY_EXISTS',
      `${target} already exists; choose another folder or allow overwriting`,
      { path: target },
    );
  const suffix = randomBytes(4).toString('hex');
  const temporary = join(dirname(target), `.${basename(target)}.partial-${suffix}`);
  try {
    await ops.mkdir(temporary);
    await writeAll(ops, temporary, files);
    const extra = await options.finalize?.(temporary);
    if (extra) await writeAll(ops, temporary, extra);
    await ops.sync(temporary);
    await swapIn(
      ops,
      temporary,
      target,
      exists ? join(dirname(target), `.${basename(target)}.previous-${suffix}`) : undefined,
    );
    await ops.sync(dirname(target));
  } catch (error) {
    await ops.rm(temporary).catch(() => undefined);
    throw writeError(error, target);
  }
}

async function writeAll(
  ops: FileOps,
  folder: string,
  files: ReadonlyMap<string, Uint8Array | string>,
): Promise<void> {
  for (const [name, contents] of files) {
    const path = join(folder, name);
    await ops.writeFile(path, contents);
    await ops.sync(path);
  }
}

async function swapIn(
  ops: FileOps,
  temporary: string,
  target: string,
  backup: string | undefined,
): Promise<void> {
  if (!backup) {
    await ops.rename(temporary, target);
    return;
  }
  await ops.rename(target, backup);
  try {
    await ops.rename(temporary, target);
  } catch (error) {
    await ops.rename(backup, target);
    throw error;
  }
  await ops.rm(backup);
}

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
