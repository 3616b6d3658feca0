import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { commitUnlessAborted } from '../platform/abort.js';
import { realFileOps, writeError, type FileOps } from './fileOps.js';
import { moveToTrash } from './trash.js';

export interface AtomicWriteOptions {
  /** Replace an existing folder. Default false: an existing target is an error. */
  overwrite?: boolean;
  ops?: FileOps;
  /**
   * Where a replaced folder goes. Default: nowhere, it is removed (a checkpoint the next one
   * supersedes). Give the app's trash for anything a user may want back (an export).
   */
  trash?: string;
  /**
   * Runs on the finished temporary folder before it is put in place (re-load and check what was
   * written); it may return more files to add. If it throws, nothing is put in place.
   */
  finalize?: (folder: string) => Promise<ReadonlyMap<string, Uint8Array | string> | undefined>;
}

/**
 * Writes a folder of files so that it appears whole or not at all: everything goes into a hidden
 * `.name.partial-*` folder beside the target, is flushed to disk, and is renamed into place. A
 * previous folder is first renamed to `.name.previous-*` and put back if the swap fails. A crash
 * between those two renames leaves the target missing for an instant; recoverFolder, which this
 * writer and the folder's readers call first, puts the previous folder back.
 */
export async function writeFolderAtomically(
  target: string,
  files: ReadonlyMap<string, Uint8Array | string>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const ops = options.ops ?? realFileOps;
  await fillFolderAtomically(
    target,
    async (temporary) => {
      await writeAll(ops, temporary, files);
      const extra = await options.finalize?.(temporary);
      if (extra) await writeAll(ops, temporary, extra);
    },
    options,
  );
}

/**
 * writeFolderAtomically for contents too large to hold in memory: `fill` writes them into the
 * hidden temporary folder (flushing each file it writes) and may throw to leave everything as
 * it was. With a `signal`, a cancel that lands before the swap leaves the previous folder in place;
 * once the swap begins it completes.
 */
export async function fillFolderAtomically(
  target: string,
  fill: (temporary: string) => Promise<void>,
  options: Omit<AtomicWriteOptions, 'finalize'> & { signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const ops = options.ops ?? realFileOps;
  await recoverFolder(target, options).catch((error: unknown) => {
    throw writeError(error, target);
  });
  const exists = await ops.exists(target);
  if (exists && !options.overwrite)
    throw new AppError(
      'ALREADY_EXISTS',
      `${target} already exists; choose another folder or allow overwriting`,
      { path: target },
    );
  const suffix = randomBytes(4).toString('hex');
  const temporary = siblingPath(target, 'partial', suffix);
  const previous = exists ? siblingPath(target, 'previous', suffix) : undefined;
  try {
    await ops.mkdir(temporary);
    await fill(temporary);
    await ops.sync(temporary);
    await commitUnlessAborted(options.signal, () => swapIn(ops, temporary, target, previous));
  } catch (error) {
    await ops.rm(temporary).catch(() => undefined);
    throw writeError(error, target);
  }
  // The new folder is in place: from here on nothing may report "nothing was changed". A previous
  // folder that cannot be moved or removed now stays hidden until the next recoverFolder.
  await ops.sync(dirname(target)).catch(() => undefined);
  if (previous) await discard(ops, previous, target, options.trash).catch(() => undefined);
}

export interface Recovery {
  /** True when the target was missing and its previous copy was put back. */
  restored: boolean;
  /** The hidden leftovers of interrupted writes that were removed or moved to the trash. */
  cleaned: string[];
}

/**
 * Repairs what a crash in writeFolderAtomically can leave: a missing target whose previous copy
 * is still hidden beside it (put back), unfinished `.partial-*` folders (removed) and previous
 * copies superseded by a finished swap (removed, or moved to `trash`). Cheap when there is
 * nothing to do (one readdir). Not safe while another process writes the same folder.
 */
export async function recoverFolder(
  target: string,
  options: { ops?: FileOps; trash?: string } = {},
): Promise<Recovery> {
  const ops = options.ops ?? realFileOps;
  const leftovers = await leftoversOf(target);
  const recovery: Recovery = { restored: false, cleaned: [] };
  if (leftovers.length === 0) return recovery;
  const previous = await newestFirst(leftovers.filter((l) => l.kind === 'previous'));
  const restore = (await ops.exists(target)) ? undefined : previous.shift();
  if (restore) {
    await ops.rename(restore.path, target);
    recovery.restored = true;
  }
  for (const leftover of leftovers) {
    if (leftover === restore) continue;
    if (leftover.kind === 'partial') await ops.rm(leftover.path);
    else await discard(ops, leftover.path, target, options.trash);
    recovery.cleaned.push(leftover.path);
  }
  await ops.sync(dirname(target)).catch(() => undefined);
  return recovery;
}

interface Leftover {
  kind: 'partial' | 'previous';
  path: string;
}

function siblingPath(target: string, kind: Leftover['kind'], suffix: string): string {
  return join(dirname(target), `.${basename(target)}.${kind}-${suffix}`);
}

async function leftoversOf(target: string): Promise<Leftover[]> {
  const prefix = `.${basename(target)}.`;
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  const leftovers: Leftover[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(partial|previous)-[0-9a-f]{8}$/.exec(name.slice(prefix.length));
    if (match)
      leftovers.push({ kind: match[1] as Leftover['kind'], path: join(dirname(target), name) });
  }
  return leftovers;
}

/** Several previous copies only come from crashes in a row: the newest is the last good one. */
async function newestFirst(leftovers: Leftover[]): Promise<Leftover[]> {
  const times = await Promise.all(
    leftovers.map(async (l) => (await stat(l.path).catch(() => undefined))?.mtimeMs ?? 0),
  );
  return leftovers
    .map((leftover, i) => ({ leftover, time: times[i] ?? 0 }))
    .sort((a, b) => b.time - a.time)
    .map((entry) => entry.leftover);
}

async function discard(
  ops: FileOps,
  path: string,
  target: string,
  trash: string | undefined,
): Promise<void> {
  if (trash) await moveToTrash(path, trash, basename(target), ops);
  else await ops.rm(path);
}

async function writeAll(
  ops: FileOps,
  folder: string,
  files: ReadonlyMap<string, Uint8Array | string>,
): Promise<void> {
  for (const [name, contents] of files) {
    const path = join(folder, name);
    if (name.includes('/')) await ops.mkdir(dirname(path));
    await ops.writeFile(path, contents);
    await ops.sync(path);
  }
}

async function swapIn(
  ops: FileOps,
  temporary: string,
  target: string,
  previous: string | undefined,
): Promise<void> {
  if (!previous) {
    await ops.rename(temporary, target);
    return;
  }
  await ops.rename(target, previous);
  try {
    await ops.rename(temporary, target);
  } catch (error) {
    await ops.rename(previous, target);
    throw error;
  }
}
