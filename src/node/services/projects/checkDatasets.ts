import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  compareDataset,
  type CurrentImage,
  type DatasetChanges,
} from '../../../common/datasetChanges.js';
import { AppError } from '../../../common/errors.js';
import type { Project } from '../../../common/project.js';
import { datasetModality } from '../dataset/modality.js';
import { scanDatasetOnce } from '../dataset/datasetScan.js';
import type { ScanOptions } from '../dataset/scanner.js';
import { hashTextDatasetFiles } from './textFileHashes.js';

export interface DatasetCheck {
  /** The dataset path as the project records it. */
  path: string;
  /** False when the folder or zip itself is gone (unplugged drive, moved folder). */
  found: boolean;
  /** `texts`: a text dataset, whose changes list its files; absent: images. */
  holds?: 'images' | 'texts';
  /** A text dataset recorded before projects kept its files' hashes: there was nothing to compare. */
  notChecked?: boolean;
  changes: DatasetChanges;
}

type CheckOptions = Pick<ScanOptions, 'signal' | 'onProgress'>;
type DatasetRef = Project['datasets'][number];

/**
 * Re-scans every dataset a project references and reports what moved, changed or vanished on
 * disk, so opening a project never drops images (or edited texts) silently. Relative paths are
 * read from the project folder.
 */
export async function checkProjectDatasets(
  projectFolder: string,
  project: Project,
  options: CheckOptions = {},
): Promise<DatasetCheck[]> {
  const checks: DatasetCheck[] = [];
  for (const dataset of project.datasets)
    checks.push(await checkDataset(resolve(projectFolder, dataset.path), dataset, options));
  return checks;
}

async function checkDataset(
  location: string,
  dataset: DatasetRef,
  options: CheckOptions,
): Promise<DatasetCheck> {
  const found = await exists(location);
  if (dataset.texts) {
    const current = found ? await hashTextDatasetFiles(location, { signal: options.signal }) : [];
    return {
      path: dataset.path,
      found,
      holds: 'texts',
      changes: compareDataset(dataset.texts, current),
    };
  }
  const current = found ? await scannedImages(location, dataset, options) : [];
  if (current === 'text recorded without hashes')
    return {
      path: dataset.path,
      found,
      holds: 'texts',
      notChecked: true,
      changes: compareDataset({}, []),
    };
  return { path: dataset.path, found, changes: compareDataset(dataset.images, current) };
}

/**
 * The images a dataset holds now. A text dataset that the project recorded without its files'
 * hashes (saved before projects kept them) cannot be compared: that is said, not guessed.
 */
async function scannedImages(
  location: string,
  dataset: DatasetRef,
  options: CheckOptions,
): Promise<CurrentImage[] | 'text recorded without hashes'> {
  const recordedNoImages = Object.keys(dataset.images).length === 0;
  if (recordedNoImages && (await datasetModality(location)) === 'text')
    return 'text recorded without hashes';
  const { signal, ...images } = options;
  const scan = await scanDatasetOnce(location, { signal, images });
  return scan.modality === 'image' ? scan.report.images : [];
}

/**
 * The project with each text dataset's files hashed, as it is saved: the image datasets carry
 * their hashes from their scan already. A text dataset that is not on disk keeps what it had.
 */
export async function withTextFileHashes(
  projectFolder: string,
  project: Project,
  signal?: AbortSignal,
): Promise<Project> {
  const datasets: DatasetRef[] = [];
  for (const dataset of project.datasets)
    datasets.push(await withTexts(resolve(projectFolder, dataset.path), dataset, signal));
  return { ...project, datasets };
}

async function withTexts(
  location: string,
  dataset: DatasetRef,
  signal: AbortSignal | undefined,
): Promise<DatasetRef> {
  if (Object.keys(dataset.images).length > 0 || !(await exists(location))) return dataset;
  try {
    if ((await datasetModality(location)) !== 'text') return dataset;
    const files = await hashTextDatasetFiles(location, { signal, reuseUnchanged: true });
    return { ...dataset, texts: Object.fromEntries(files.map((f) => [f.path, f.sha256])) };
  } catch (error) {
    // The project is saved whatever its dataset's state (a zip damaged meanwhile): its entry is
    // kept as it came, and opening it later says what is wrong with the dataset.
    if (error instanceof AppError && error.code !== 'CANCELLED') return dataset;
    throw error;
  }
}

async function exists(location: string): Promise<boolean> {
  return stat(location).then(
    () => true,
    () => false,
  );
}
