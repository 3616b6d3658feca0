import { lstat, readdir } from 'node:fs/promises';
import { AppError, isAbortError } from '../../../common/errors.js';
import { appFolder } from '../../adapters/platform/appHome.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import { writeFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { packageVersion } from '../../adapters/platform/packageRoot.js';
import { isTextModelFolder } from '../text/textModelFolder.js';
import { isTextScratchFolder } from '../text/textScratchModel.js';
import { ExportCancellation } from './exportCancellation.js';
import type { ExportSource } from './exportSource.js';
import { loadForOneExport, type ExportSources } from './exportSources.js';
import { exportSet, setPlacement } from './exportSet.js';
import {
  EXPORT_MARKER,
  exportMarkerText,
  exportTargets,
  recoverExportTargets,
  refuseTakenExportTargets,
} from './exportTargets.js';
import type { ExportFormat } from './modelCard.js';
import { meetsParity, PARITY_REQUIREMENT, type Parity } from './parity.js';
import { refuseTextFormats, TEXT_EXPORT_FORMATS } from './textExport.js';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'onnx', 'keras'];

export interface ExportOptions {
  formats: readonly ExportFormat[];
  /** The export folder; with several formats, one sub-folder per format. */
  out: string;
  /**
   * Replace an export folder the app wrote before (it goes to `trash`). A folder holding anything
   * else is never replaced: the user may have picked their Documents folder.
   */
  overwrite?: boolean;
  /** Where a replaced export goes. Default: the app's trash ($TRANSFER_STUDIO_HOME/trash). */
  trash?: string;
  ops?: FileOps;
  /**
   * Stops the export between its steps with CANCELLED. Nothing it wrote stays: the format being
   * written is never put in place, and format folders it already created are removed. Several
   * formats into a new or empty folder, or over an earlier set, go in as one folder at the end
   * (see exportSet), so a cancel or a kill before then leaves the earlier set whole. Once the
   * export replaced an earlier one (overwrite), it finishes and answers instead.
   */
  signal?: AbortSignal | undefined;
  /**
   * Keeps the loaded model between exports (the app's one request per format). Without it the
   * model is loaded for this export and released after.
   */
  sources?: ExportSources | undefined;
}

export { EXPORT_MARKER } from './exportTargets.js';

export interface ExportedFormat {
  format: ExportFormat;
  path: string;
  files: string[];
  parity: Parity;
  modelCard: string;
}

/**
 * The formats a model folder exports to: all of them for an image model, tfjs and onnx for a
 * transfer text model, none for a from-scratch text model (exportModel refuses it).
 */
export async function exportFormatsOf(modelDir: string): Promise<readonly ExportFormat[]> {
  if (await isTextScratchFolder(modelDir)) return [];
  return (await isTextModelFolder(modelDir)) ? TEXT_EXPORT_FORMATS : EXPORT_FORMATS;
}

/**
 * The model's record for transfer-studio.json, less the refit's validation probabilities (one
 * number per image and class): the app's Evaluate reads them, an export's users have no use for
 * them, and on a large dataset they would outweigh the rest of the file.
 */
function withoutRefitProbabilities(metadata: object): object {
  const { refit } = metadata as { refit?: unknown };
  if (typeof refit !== 'object' || refit === null || !('validationProbabilities' in refit))
    return metadata;
  const { validationProbabilities: _dropped, ...kept } = refit;
  return { ...metadata, refit: kept };
}

/**
 * Exports a trained model (image or text) to disk in formats other tools load. What can be
 * refused is refused before any work: a format the model has no export for, a folder already
 * there (without `overwrite`), a folder the app did not write (with it). Each export is written
 * to a temporary folder, loaded back from disk by the runtime its users will use (tfjs for TF.js,
 * onnxruntime for ONNX, our own Keras reader for .keras, the exported textClassifier.js for a
 * text model's web folder), compared with the app's own predictions, and only then put in place;
 * a mismatch is an error and leaves nothing behind.
 */
export async function exportModel(
  modelDir: string,
  options: ExportOptions,
): Promise<ExportedFormat[]> {
  if (await isTextScratchFolder(modelDir))
    throw new AppError(
      'UNSUPPORTED',
      'This text model was trained from scratch (a bag of words, for comparison); only transfer text models export for now. Use it in Evaluate and Try it, or export the transfer run.',
      { path: modelDir },
    );
  if (await isTextModelFolder(modelDir)) refuseTextFormats(options.formats);
  const trash = options.trash ?? appFolder(process.env, 'trash');
  await recoverExportTargets(options.out, options.formats, { ...opsOf(options), trash });
  await refuseTakenExportTargets(options.out, options.formats, options.overwrite, options.ops);
  if (options.overwrite)
    for (const target of exportTargets(options.out, options.formats))
      await checkReplaceable(target);
  throwIfAborted(options.signal);
  const placement = await setPlacement(options.out, options.formats, options.overwrite);
  const lease = options.sources
    ? await options.sources.acquire(modelDir, options.signal)
    : await loadForOneExport(modelDir, options.signal);
  try {
    if (!placement) return await exportEach(lease.source, options);
    const writeFormat = (format: ExportFormat, path: string, stop: FormatStop) =>
      exportOne(format, path, lease.source, { ...options, overwrite: false }, stop);
    return await exportSet(options.out, options.formats, placement, writeFormat, {
      ...opsOf(options),
      signal: options.signal,
      trash,
    });
  } finally {
    lease.release();
  }
}

/** Each step's check for a cancel, and the last one before a format is put in place. */
interface FormatStop {
  check(): void;
  beforeSwap(): void;
}

function opsOf(options: ExportOptions): { ops?: FileOps } {
  return options.ops ? { ops: options.ops } : {};
}

/**
 * One format, or several added one by one to a folder of the user's own files: each goes in
 * atomically, and a cancel takes away the ones this export put where nothing was.
 */
async function exportEach(source: ExportSource, options: ExportOptions): Promise<ExportedFormat[]> {
  const cancel = new ExportCancellation(options.signal, options.ops ?? realFileOps);
  try {
    const results: ExportedFormat[] = [];
    if (options.formats.length > 1) await cancel.noteParent(options.out);
    for (const [format, path] of zip(
      options.formats,
      exportTargets(options.out, options.formats),
    )) {
      cancel.check();
      const existed = await cancel.existed(path);
      const stop = { check: () => cancel.check(), beforeSwap: () => cancel.beforeSwap(existed) };
      results.push(await exportOne(format, path, source, options, stop));
      if (!existed) cancel.placed(path);
    }
    // A cancel that came during the last swap still means the caller does not want the files.
    cancel.check();
    return results;
  } catch (error) {
    // After an abort the caller is told CANCELLED whatever failed (unless committed), so the
    // folders go whatever the error was.
    if (isAbortError(error) || options.signal?.aborted) await cancel.undo();
    throw error;
  }
}

async function exportOne(
  format: ExportFormat,
  path: string,
  source: ExportSource,
  options: ExportOptions,
  /** Each throws CANCELLED to stop the export (see ExportCancellation and exportSet). */
  stop: FormatStop,
): Promise<ExportedFormat> {
  const writer = source.writer(format);
  const files = await writer.files();
  stop.check();
  files.set('labels.txt', `${source.classes.join('\n')}\n`);
  let parity: Parity | undefined;
  let card = '';
  if (options.overwrite) await checkReplaceable(path);
  await writeFolderAtomically(path, files, {
    overwrite: options.overwrite ?? false,
    trash: options.trash ?? appFolder(process.env, 'trash'),
    ...(options.ops ? { ops: options.ops } : {}),
    // Thrown inside finalize, a cancel removes the temporary folder and puts nothing in place.
    finalize: async (folder) => {
      stop.check();
      parity = await writer.parity(folder).catch((error: unknown) => {
        throw new AppError(
          'PARITY_MISMATCH',
          `The ${format} export could not be loaded back: ${(error as Error).message}`,
        );
      });
      if (!meetsParity(parity)) {
        throw new AppError(
          'PARITY_MISMATCH',
          `The ${format} export does not predict what the app predicts: ${(parity.agreement * 100).toFixed(2)}% top-1 agreement, largest difference ${parity.maxAbsDifference.toExponential(2)} (needs ≥ ${PARITY_REQUIREMENT.agreement * 100}% and < ${PARITY_REQUIREMENT.maxAbsDifference})`,
          { parity },
        );
      }
      const report = {
        ...withoutRefitProbabilities(source.metadata),
        export: {
          format,
          parity,
          exportedAt: new Date().toISOString(),
          appVersion: packageVersion(),
        },
      };
      card = writer.card(parity);
      stop.beforeSwap();
      return new Map([
        ['transfer-studio.json', JSON.stringify(report, null, 2)],
        ['README.md', card],
        [EXPORT_MARKER, exportMarkerText()],
      ]);
    },
  });
  return {
    format,
    path,
    files: [...files.keys(), 'transfer-studio.json', 'README.md'],
    parity: parity as Parity,
    modelCard: card,
  };
}

/** The names earlier versions wrote into an export folder, before it carried the marker. */
const LEGACY_EXPORT_FILE =
  /^(labels\.txt|transfer-studio\.json|README\.md|model\.json|metadata\.json|group\d+-shard\d+of\d+\.bin|model\.onnx|model\.keras|verify-(inputs|expected)\.npy)$/;

/**
 * Overwriting may replace an existing folder only when the app wrote it: it holds the marker, or
 * (an export from before the marker) nothing but the files an export writes, or nothing at all.
 */
async function checkReplaceable(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return;
  const names = info.isDirectory() ? await readdir(path) : undefined;
  const ours =
    names !== undefined &&
    (names.includes(EXPORT_MARKER) || names.every((name) => LEGACY_EXPORT_FILE.test(name)));
  if (!ours)
    throw new AppError(
      'FORBIDDEN',
      `${path} holds files Transfer Studio did not write, so it was not replaced. Choose an empty or new folder.`,
      { path },
    );
}

function zip<A, B>(a: readonly A[], b: readonly B[]): [A, B][] {
  return a.map((value, i) => [value, b[i] as B]);
}
