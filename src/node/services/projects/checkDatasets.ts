import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compareDataset, type DatasetChanges } from '../../../common/datasetChanges.js';
import type { Project } from '../../../common/project.js';
import { scanDatasetOnce } from '../dataset/datasetScan.js';
import type { ScanOptions } from '../dataset/scanner.js';

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
    const current = found ? await scannedImages(location, options) : [];
    checks.push({ path: dataset.path, found, changes: compareDataset(dataset.images, current) });
  }
  return checks;
}

/**
 * The images a dataset holds now. A text dataset (a folder of texts, a table file that the image
 * scanner cannot even open) holds none, and the project records none for it.
 */
async function scannedImages(
  location: string,
  options: Pick<ScanOptions, 'signal' | 'onProgress'>,
) {
  const { signal, ...images } = options;
  const scan = await scanDatasetOnce(location, { signal, images });
  return scan.modality === 'image' ? scan.report.images : [];
}
