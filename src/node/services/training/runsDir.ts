import { basename, join } from 'node:path';
import { appFolder } from '../../adapters/platform/appHome.js';
import { folderStamp } from '../../adapters/files/names.js';

/** Where the app keeps trained models: $TRANSFER_STUDIO_RUNS, else ~/.transfer-studio/runs. */
export function runsDir(env: Record<string, string | undefined>): string {
  return appFolder(env, 'runs');
}

/** A new run's model folder: its start time and the dataset's name, e.g. 2026-11-29T12-05-00 flowers. */
export function newRunDir(
  env: Record<string, string | undefined>,
  dataset: string,
  now = new Date(),
): string {
  const name = basename(dataset).replace(/\.zip$/i, '') || 'dataset';
  return join(runsDir(env), `${folderStamp(now)} ${name}`);
}
