import { lstat, readdir, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../io.js';

/**
 * Refuses an `--out` that training could not write, before any work starts: training would
 * otherwise run for minutes and only then find it. Without `overwrite` anything already there is
 * refused; with it, only a model folder (or an empty one) may be replaced, never the dataset or a
 * folder holding it, nor a folder of other files. The replacement itself happens once the new
 * model is complete (writeLayersModel's atomic swap).
 */
export async function refuseExistingOut(
  out: string,
  dataset: string,
  overwrite: boolean,
): Promise<void> {
  const there = await entryAt(out);
  if (!there) return;
  if (!overwrite)
    throw new UsageError(
      `${out} already exists: choose another --out, or add --overwrite to replace it ` +
        '(it is replaced only once the new model is complete)',
    );
  if (await holdsOrIs(out, dataset))
    throw new UsageError(`--out ${out} is the dataset or holds it: choose another folder`);
  if (there.isDirectory() && !(await isModelOrEmpty(out)))
    throw new UsageError(
      `--overwrite replaces only a model folder, and ${out} holds other files: ` +
        'choose another --out, or move them away',
    );
}

/** What is at `path` itself (a link is not followed), or undefined when nothing is. */
async function entryAt(path: string) {
  return lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

async function holdsOrIs(folder: string, dataset: string): Promise<boolean> {
  const real = async (path: string) => realpath(path).catch(() => resolve(path));
  const within = relative(await real(folder), await real(dataset));
  return within === '' || (!within.startsWith('..') && !isAbsolute(within));
}

/** A folder a training wrote (every kind has metadata.json beside model.json), or an empty one. */
async function isModelOrEmpty(folder: string): Promise<boolean> {
  const names = await readdir(folder);
  return names.length === 0 || (names.includes('metadata.json') && names.includes('model.json'));
}
