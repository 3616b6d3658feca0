import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import type { ExportFormat } from './modelCard.js';

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
