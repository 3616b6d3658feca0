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
import { hashTextDatasetFiles, unchangedDatasetFile, type HashOptions } from './textFileHashes.js';
import { openProject } from './projectStore.js';

export interface DatasetCheck {
  /** The dataset path as the project records it. */
  path: string;
  /** False when the folder or zip itself is gone (unplugged drive, moved folder). */
  found: boolean;
  /** `texts`: a text dataset, whose changes list its files; absent: images. */
  holds?: 'images' | 'texts';
  /** A text dataset recorded without its files' hashes: there was nothing to compare. */
  notChecked?: boolean;
  /**
   * Why a text dataset was recorded without hashes: the project was saved by a version that did
   * not record them, or the dataset was missing (or unreadable) each time the project was saved.
   */
  whyNotChecked?: 'older-version' | 'missing-when-saved';
  changes: DatasetChanges;
}

type CheckOptions = Pick<ScanOptions, 'signal' | 'onProgress'> & {
  /** The format the project file had when it was older (openProject's `migratedFrom`). */
  migratedFrom?: number | undefined;
};
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

/** The project format that first recorded text datasets' file hashes. */
const TEXT_HASHES_SINCE = 3;

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
      // Since format 3 every save hashes a text dataset it can read: one without hashes was not
      // there (or could not be read) when the project was saved.
      whyNotChecked:
        (options.migratedFrom ?? TEXT_HASHES_SINCE) < TEXT_HASHES_SINCE
          ? 'older-version'
          : 'missing-when-saved',
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
 * their hashes from their scan already. Saving happens often: files (and a zip as a whole)
 * unchanged since they were hashed are not read again. A text dataset that cannot be hashed now
 * (missing, or a zip damaged meanwhile) keeps the hashes the project file on disk recorded for it,
 * so reopening still compares against them.
 */
export async function withTextFileHashes(
  projectFolder: string,
  project: Project,
  options: HashingOptions = {},
): Promise<Project> {
  let recorded: Promise<ReadonlyMap<string, Texts>> | undefined;
  const recordedTexts = () => (recorded ??= textsRecordedIn(projectFolder));
  const datasets: DatasetRef[] = [];
  for (const dataset of project.datasets) {
    const location = resolve(projectFolder, dataset.path);
    const hashed = await withTexts(location, dataset, options);
    datasets.push(hashed ?? withRecordedTexts(dataset, (await recordedTexts()).get(dataset.path)));
  }
  return { ...project, datasets };
}

type HashingOptions = Pick<HashOptions, 'signal' | 'openSource'>;
type Texts = NonNullable<DatasetRef['texts']>;

/** The dataset with its files' hashes as they are now; undefined when they cannot be taken. */
async function withTexts(
  location: string,
  dataset: DatasetRef,
  options: HashingOptions,
): Promise<DatasetRef | undefined> {
  if (Object.keys(dataset.images).length > 0) return dataset;
  if (!(await exists(location))) return undefined;
  try {
    // A zip hashed as texts before and unchanged since holds texts still: no need to open it.
    const files =
      (await unchangedDatasetFile(location)) ??
      ((await datasetModality(location, options.openSource)) === 'text'
        ? await hashTextDatasetFiles(location, { ...options, reuseUnchanged: true })
        : undefined);
    if (!files) return dataset;
    return { ...dataset, texts: Object.fromEntries(files.map((f) => [f.path, f.sha256])) };
  } catch (error) {
    // The project is saved whatever its dataset's state (a zip damaged meanwhile); opening it
    // later says what is wrong with the dataset.
    if (error instanceof AppError && error.code !== 'CANCELLED') return undefined;
    throw error;
  }
}

/** The dataset as it came, with the hashes recorded before if it came without any. */
function withRecordedTexts(dataset: DatasetRef, recorded: Texts | undefined): DatasetRef {
  if (dataset.texts || !recorded) return dataset;
  return { ...dataset, texts: recorded };
}

/** The text datasets' hashes in the project file on disk, by dataset path (none if unreadable). */
async function textsRecordedIn(projectFolder: string): Promise<ReadonlyMap<string, Texts>> {
  const opened = await openProject(projectFolder).catch(() => undefined);
  const recorded = new Map<string, Texts>();
  for (const dataset of opened?.project.datasets ?? [])
    if (dataset.texts) recorded.set(dataset.path, dataset.texts);
  return recorded;
}

async function exists(location: string): Promise<boolean> {
  return stat(location).then(
    () => true,
    () => false,
  );
}
