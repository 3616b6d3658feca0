import type { ScanReport } from '../../../common/dataset.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { openAnyDatasetSource, whyNotAZip, type SourceOpener } from './anySource.js';
import { decideModality, type DecidedSource } from './modality.js';
import { openDatasetSource } from './openSource.js';
import { scanSource, type ScanOptions } from './scanner.js';
import type { DatasetSource } from './source.js';
import { scanTextSource, type TextDatasetReport, type TextScanOptions } from './textDataset.js';

/** A dataset's one scan: the modality its content showed, and that modality's report. */
export type DatasetScan =
  { modality: 'image'; report: ScanReport } | { modality: 'text'; report: TextDatasetReport };

export type TextOptions = Omit<TextScanOptions, 'signal'>;

export interface DatasetScanOptions {
  /** The app's opener unless a test holds or counts the reads. */
  openSource?: SourceOpener | undefined;
  signal?: AbortSignal | undefined;
  images?: Omit<ScanOptions, 'signal'> | undefined;
  /** Asked for only once the dataset shows texts, so an image scan never loads the encoder. */
  textOptions?: (() => TextOptions | Promise<TextOptions>) | undefined;
}

/**
 * Scans a folder, a zip or a table file once: one opening and one listing decide whether it holds
 * images or texts (by content) and produce that modality's report.
 */
export async function scanDatasetOnce(
  path: string,
  options: DatasetScanOptions = {},
): Promise<DatasetScan> {
  return withScannedDataset(path, options, async (scan) => scan);
}

/**
 * Scans a dataset once and hands `use` the scan and a reader of its files while the same opening
 * is still open, for work that reads what the scan imported (a copy, a hand-in).
 */
export async function withScannedDataset<T>(
  path: string,
  options: DatasetScanOptions,
  use: (scan: DatasetScan, read: (file: string) => Promise<Uint8Array>) => Promise<T>,
): Promise<T> {
  return withDecidedSource(path, options, async (decided) => {
    const read = (file: string) => decided.source.read(file);
    if (decided.modality === 'text') {
      return use({ modality: 'text', report: await scanDecidedText(decided, options) }, read);
    }
    const report = await scanSource(decided.source, { ...options.images, signal: options.signal });
    return use({ modality: 'image', report }, read);
  });
}

/**
 * The files a scan imported, as paths inside the dataset: the images, the texts of class folders,
 * or the tables the texts came from.
 */
export function importedFiles(scan: DatasetScan): string[] {
  if (scan.modality === 'image') return scan.report.images.map((image) => image.path);
  if (scan.report.layout === 'table') return scan.report.tables.map((table) => table.path);
  return scan.report.examples.map((example) => example.origin);
}

/**
 * What a training gets from the pass that decided its dataset: a text dataset's report, or an
 * image dataset's source, still open and not yet listed (undefined when it could not be opened:
 * the image training opens it itself and says what is wrong with it).
 */
export type TrainingDataset =
  | { modality: 'text'; report: TextDatasetReport }
  | { modality: 'image'; source: DatasetSource | undefined };

/**
 * For a training: one opening decides the modality; a text dataset is scanned in that pass, an
 * image dataset's source is handed over, its listing going on from the files already judged, so
 * the training's own scan reads each file once and nothing is opened twice. The source is closed
 * once `train` is done.
 */
export async function withTrainingDataset<T>(
  path: string,
  options: DatasetScanOptions,
  train: (dataset: TrainingDataset) => Promise<T>,
): Promise<T> {
  return withDecidedSource<T>(
    path,
    options,
    async (decided) =>
      decided.modality === 'text'
        ? train({ modality: 'text', report: await scanDecidedText(decided, options) })
        : train({ modality: 'image', source: decided.source }),
    () => train({ modality: 'image', source: undefined }),
  );
}

async function withDecidedSource<T>(
  path: string,
  options: DatasetScanOptions,
  scan: (decided: DecidedSource) => Promise<T>,
  whenUnopenable?: () => T | Promise<T>,
): Promise<T> {
  const zipLimits = options.images?.zipLimits;
  const opener =
    options.openSource ?? (zipLimits ? (p: string) => openDatasetSource(p, zipLimits) : undefined);
  let source: DatasetSource;
  try {
    source = await openAnyDatasetSource(path, opener);
  } catch (error) {
    if (whenUnopenable) return whenUnopenable();
    throw error;
  }
  let decided: DecidedSource | undefined;
  try {
    throwIfAborted(options.signal);
    decided = await decideModality(source, options.signal);
    const notAZip = whyNotAZip(source);
    if (notAZip && decided.modality !== 'text') throw notAZip;
    return await scan(decided);
  } finally {
    await decided?.stop();
    await source.close();
  }
}

async function scanDecidedText(
  decided: DecidedSource,
  options: DatasetScanOptions,
): Promise<TextDatasetReport> {
  const textOptions = (await options.textOptions?.()) ?? {};
  throwIfAborted(options.signal);
  return scanTextSource(decided.source, { ...textOptions, signal: options.signal });
}
