import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fillFolderAtomically } from '../../../adapters/files/writeFolderAtomically.js';
import { UsageError } from '../io.js';

/**
 * Refuses an `--out` that is already there before any work starts: training would otherwise
 * run for minutes and only then find it cannot write its model.
 */
export async function refuseExistingOut(out: string, overwrite: boolean): Promise<void> {
  if (overwrite || !(await exists(out))) return;
  throw new UsageError(
    `${out} already exists: choose another --out, or add --overwrite to replace it ` +
      '(it is replaced only once the new model is complete)',
  );
}

/**
 * Runs a training that writes its model folder to the path it is given. A folder already at
 * `out` (allowed by --overwrite) is left as it was until the new model is complete: the training
 * writes into a hidden folder beside it, which is then swapped in whole; a failed or cancelled
 * training leaves the old folder untouched and nothing half-written.
 */
export async function trainIntoOut<R extends { modelDir: string }>(
  out: string,
  train: (target: string) => Promise<R>,
): Promise<R> {
  if (!(await exists(out))) return train(out);
  const staging = join(dirname(out), `.${basename(out)}.replacing`);
  // Only a run that died between its training and its swap leaves this folder: never a model
  // anyone was told about, and one in the way would make the training refuse to write.
  await rm(staging, { recursive: true, force: true });
  try {
    const result = await train(staging);
    await fillFolderAtomically(out, (temporary) => moveEntries(staging, temporary), {
      overwrite: true,
    });
    return { ...result, modelDir: out };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function moveEntries(from: string, to: string): Promise<void> {
  for (const name of await readdir(from)) await rename(join(from, name), join(to, name));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}
