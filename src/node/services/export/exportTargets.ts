import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import { recoverFolder } from '../../adapters/files/writeFolderAtomically.js';
import { packageVersion } from '../../adapters/platform/packageRoot.js';
import type { ExportFormat } from './modelCard.js';

/** The file every export folder holds, so overwriting can tell the app's folders from the user's. */
export const EXPORT_MARKER = '.transfer-studio-export';

/** What the marker file says. */
export function exportMarkerText(): string {
  return `Written by Transfer Studio ${packageVersion()}; replaced only by it.\n`;
}

/** Where each format of an export goes: `out` itself, or one sub-folder per format. */
export function exportTargets(out: string, formats: readonly ExportFormat[]): string[] {
  return formats.map((format) => (formats.length > 1 ? join(out, format) : out));
}

/**
 * Refuses a taken place before any work: without it the student waits for the conversion and the
 * check of every format before hearing that the folder was already there.
 */
export async function refuseTakenExportTargets(
  out: string,
  formats: readonly ExportFormat[],
  overwrite: boolean | undefined,
  ops: FileOps = realFileOps,
): Promise<void> {
  if (overwrite) return;
  for (const target of exportTargets(out, formats))
    if (await ops.exists(target))
      throw new AppError(
        'ALREADY_EXISTS',
        `${target} already exists; choose another folder or allow overwriting`,
        { path: target },
      );
}

/**
 * Repairs what a killed export left at its places before anything is decided about them: an
 * earlier export hidden mid-swap is put back and unfinished hidden folders are removed, so a
 * refusal names what is really there, before any work rather than after it.
 */
export async function recoverExportTargets(
  out: string,
  formats: readonly ExportFormat[],
  /** Where an earlier export superseded by a finished swap goes (it is the user's). */
  options: { ops?: FileOps; trash: string },
): Promise<void> {
  const places = formats.length > 1 ? [out, ...exportTargets(out, formats)] : [out];
  for (const place of places) await recoverFolder(place, options);
}
