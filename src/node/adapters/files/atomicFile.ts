import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { realFileOps, writeError, type FileOps } from './fileOps.js';

/**
 * The one way the app replaces a file: the contents go to a temporary file beside the target
 * (same folder, so the rename cannot cross disks), are flushed, and the temporary file is renamed
 * over the target; then the folder is flushed. A crash at any instant leaves the old file or the
 * new one, never a mix; at worst a hidden temporary file stays behind (see removeStrayTemporaries).
 */
export async function writeFileAtomically(
  target: string,
  contents: Uint8Array | string,
  ops: FileOps = realFileOps,
): Promise<void> {
  const temporary = temporaryPathFor(target);
  try {
    await ops.writeFile(temporary, contents);
    await ops.sync(temporary);
    await ops.rename(temporary, target);
  } catch (error) {
    await ops.rm(temporary).catch(() => undefined);
    throw writeError(error, target);
  }
  // The rename is done and atomic: failing now would wrongly say "nothing was changed", and
  // flushing the folder only makes the new name survive a power cut sooner.
  await ops.sync(dirname(target)).catch(() => undefined);
}

/** `.name.1a2b3c4d.tmp` beside `name`: hidden, and unique so two writers never share one. */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Removes the temporary files a crashed writeFileAtomically left beside `target`. Only call it
 * where no other writer of the same file can be running (it would take that writer's file away).
 */
export async function removeStrayTemporaries(
  target: string,
  ops: FileOps = realFileOps,
): Promise<string[]> {
  const folder = dirname(target);
  const stray = strayPattern(basename(target));
  const names = await readdir(folder).catch(() => [] as string[]);
  const removed = names.filter((name) => stray.test(name));
  for (const name of removed) await ops.rm(join(folder, name));
  return removed;
}

/** This writer's temporaries, and the visible ones older versions of the app left. */
function strayPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(\\.${escaped}\\.[0-9a-f]{8}\\.tmp|${escaped}(\\.[0-9a-f]{8})?\\.tmp)$`);
}
