import { join } from 'node:path';
import { lstat, readdir } from 'node:fs/promises';
import { AppError } from '../../../common/errors.js';
import type { FileOps } from '../../adapters/files/fileOps.js';
import { fillFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import type { ExportedFormat } from './exportModel.js';
import { EXPORT_MARKER } from './exportTargets.js';
import type { ExportFormat } from './modelCard.js';

/**
 * What a multi-format export written as one folder replaces: nothing (a new folder), an empty
 * folder, or an earlier export set of the app's (with overwrite; it goes to the trash whole).
 */
export type SetPlacement = 'nothing' | 'empty' | 'set';

/** Writes one format into `path`; `stop.check` and `stop.beforeSwap` throw CANCELLED. */
export type FormatWriter = (
  format: ExportFormat,
  path: string,
  stop: { check(): void; beforeSwap(): void },
) => Promise<ExportedFormat>;

/**
 * Whether the formats of an export go in as one folder swapped in whole, so that a kill or a
 * cancel at any point leaves the earlier set as it was (or no folder): when `out` is new, empty,
 * or (with overwrite) holds nothing but an earlier set of these formats. Undefined for one
 * format, and for a folder holding anything else (the user's files, another format), which the
 * formats are added to one by one instead: there they are refused unless new, or replaced one by
 * one, and nothing else in the folder is ever moved.
 */
export async function setPlacement(
  out: string,
  formats: readonly ExportFormat[],
  overwrite: boolean | undefined,
): Promise<SetPlacement | undefined> {
  if (formats.length < 2) return undefined;
  const info = await lstat(out).catch(() => undefined);
  if (!info) return 'nothing';
  if (!info.isDirectory()) return undefined;
  const names = await readdir(out);
  if (names.length === 0) return 'empty';
  // Only a set this export replaces whole: a format it does not write would go with it.
  const asked: readonly string[] = formats;
  const sameSet = names.every((name) => name === EXPORT_MARKER || asked.includes(name));
  return overwrite && sameSet ? 'set' : undefined;
}

/**
 * Writes every format into a hidden folder beside `out` (each loaded back and checked, and
 * marked as the app's, as usual) and swaps it in at the end. A cancel before the swap leaves
 * `out` as it was; once the swap begins the export is committed and answers with its formats.
 */
export async function exportSet(
  out: string,
  formats: readonly ExportFormat[],
  placement: SetPlacement,
  writeFormat: FormatWriter,
  options: { ops?: FileOps | undefined; signal?: AbortSignal | undefined; trash: string },
): Promise<ExportedFormat[]> {
  const check = () => throwIfAborted(options.signal);
  const results: ExportedFormat[] = [];
  const fill = async (staging: string) => {
    for (const format of formats) {
      check();
      const written = await writeFormat(format, join(staging, format), {
        check,
        beforeSwap: check,
      }).catch((error: unknown) => {
        throw namingTheTarget(error, staging, out);
      });
      results.push({ ...written, path: join(out, format) });
    }
  };
  await fillFolderAtomically(out, fill, {
    overwrite: placement !== 'nothing',
    ...(options.ops ? { ops: options.ops } : {}),
    signal: options.signal,
    // What is replaced goes to the trash, not away: an earlier set is the user's to get back,
    // and an empty folder may have been given a file while the formats were written.
    trash: options.trash,
  });
  return results;
}

/** An error about the hidden folder, said of the place the user asked for. */
function namingTheTarget(error: unknown, staging: string, out: string): unknown {
  if (!(error instanceof AppError) || !error.message.includes(staging)) return error;
  const details = error.details && {
    ...error.details,
    ...(typeof error.details.path === 'string'
      ? { path: error.details.path.replace(staging, out) }
      : {}),
  };
  return new AppError(error.code, error.message.replaceAll(staging, out), details);
}
