import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compareDataset, type DatasetChanges } from '../../../common/datasetChanges.js';
import type { Project } from '../../../common/project.js';
import { scanDataset, type ScanOptions } from '../dataset/scanner.js';

export interface DatasetCheck {
  /** The dataset path as the project records it. */
  path: string;
  /** False when the folder or zip itself is gone (unplugged drive, moved folder). */
  found: boolean;
  changes: DatasetChanges;
}

/**
 * Re-scans every dataset a project references and reports what moved, changed or vanished on
 * disk, so opening a project never drops images silently. Relative paths are read from the
 * project folder.
 */
export async function checkProjectDatasets(
  projectFolder: string,
  project: Project,
  options: Pick<ScanOptions, 'signal' | 'onProgress'> = {},
): Promise<DatasetCheck[]> {
  const checks: DatasetCheck[] = [];
  for (const dataset of project.datasets) {
    const location = resolve(projectFolder, dataset.path);
    const found = await stat(location).then(
      () => true,
      () => false,
    );
    const current = found ? (await scanDataset(location, options)).images : [];
    checks.push({ path: dataset.path, found, changes: compareDataset(dataset.images, current) });
  }
  return checks;
}
