import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { AppError, isAbortError } from '../../../common/errors.js';
import { appFolder } from '../../adapters/platform/appHome.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { layersModelToOnnx } from '../../../engine/onnx/layersToOnnx.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import { writeFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import { loadFullLayersModel } from '../models/loadPack.js';
import { layersModelFiles } from '../models/writeLayersModel.js';
import { OrtRunner } from '../../adapters/onnx/ortSession.js';
import { packageVersion } from '../../adapters/platform/packageRoot.js';
import { loadTrainedModel } from '../training/loadTrainedModel.js';
import { ExportCancellation } from './exportCancellation.js';
import { kerasFileBytes, loadKerasFile } from './kerasFile.js';
import { modelCard, type ExportFormat } from './modelCard.js';
import { float32Npy } from './npy.js';
import { compareProbabilities, meetsParity, PARITY_REQUIREMENT, type Parity } from './parity.js';
import { probeInputs, type ProbeInputs } from './probeInputs.js';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'onnx', 'keras'];

/** How many probe images go into a Keras export's verify-*.npy files for scripts/verify-keras.py. */
const VERIFY_IMAGES = 4;

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
   * written is never put in place, and format folders it already created are removed. Once a
   * format replaced an earlier export (overwrite), the export finishes and answers instead.
   */
  signal?: AbortSignal | undefined;
}

/** The file every export folder holds, so overwriting can tell the app's folders from the user's. */
export const EXPORT_MARKER = '.transfer-studio-export';

export interface ExportedFormat {
  format: ExportFormat;
  path: string;
  files: string[];
  parity: Parity;
  modelCard: string;
}

/**
 * Exports a trained model to disk in formats other tools load. Each export is written to a
 * temporary folder, loaded back from disk by the runtime its users will use (tfjs for TF.js,
 * onnxruntime for ONNX, our own Keras reader for .keras), compared with the app's own predictions, and only then put in place; a
 * mismatch is an error and leaves nothing behind.
 */
export async function exportModel(
  modelDir: string,
  options: ExportOptions,
): Promise<ExportedFormat[]> {
  const { model, metadata } = await loadTrainedModel(modelDir, options.signal);
  const cancel = new ExportCancellation(options.signal, options.ops ?? realFileOps);
  try {
    const probe = await probeInputs(metadata, undefined, options.signal);
    const reference = predict(model, probe);
    const results: ExportedFormat[] = [];
    if (options.formats.length > 1) await cancel.noteParent(options.out);
    for (const format of options.formats) {
      cancel.check();
      const path = options.formats.length > 1 ? join(options.out, format) : options.out;
      const existed = await cancel.existed(path);
      const source = { model, metadata, probe, reference };
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
  } finally {
    model.dispose();
  }
}

interface Source {
  model: tf.LayersModel;
  metadata: TrainedModelMetadata;
  probe: ProbeInputs;
  reference: Float32Array;
}

async function exportOne(
  format: ExportFormat,
  path: string,
  source: Source,
  options: ExportOptions,
  /** Each throws CANCELLED to stop the export (see ExportCancellation). */
  stop: { check(): void; beforeSwap(): void },
): Promise<ExportedFormat> {
  const files = await FILES_OF[format](source);
  stop.check();
  files.set('labels.txt', `${source.metadata.classes.join('\n')}\n`);
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
      parity = await checkParity(format, folder, source).catch((error: unknown) => {
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
        ...source.metadata,
        export: {
          format,
          parity,
          exportedAt: new Date().toISOString(),
          appVersion: packageVersion(),
        },
      };
      card = modelCard(source.metadata, format, parity);
      stop.beforeSwap();
      return new Map([
        ['transfer-studio.json', JSON.stringify(report, null, 2)],
        ['README.md', card],
        [EXPORT_MARKER, `Written by Transfer Studio ${packageVersion()}; replaced only by it.\n`],
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

async function tfjsFiles(source: Source): Promise<Map<string, Uint8Array | string>> {
  const files = await layersModelFiles(source.model);
  files.set('metadata.json', JSON.stringify(teachableMetadata(source.metadata), null, 2));
  return files;
}

/** The metadata Teachable Machine's image library reads (labels, imageSize), plus where it came from. */
function teachableMetadata(metadata: TrainedModelMetadata): Record<string, unknown> {
  return {
    tfjsVersion: tf.version_core,
    tmVersion: '2.4.4',
    packageVersion: '0.8.5',
    packageName: '@teachablemachine/image',
    timeStamp: metadata.createdAt,
    userMetadata: { generatedBy: `Transfer Studio ${packageVersion()}`, base: metadata.base.name },
    modelName: `transfer-studio-${metadata.base.architecture ?? 'model'}`,
    labels: metadata.classes,
    imageSize: metadata.preprocessing.width,
  };
}

const FILES_OF: Record<
  ExportFormat,
  (source: Source) => Promise<Map<string, Uint8Array | string>> | Map<string, Uint8Array | string>
> = { tfjs: tfjsFiles, onnx: onnxFiles, keras: kerasFiles };

/**
 * `model.keras`, plus a few probe inputs and the app's probabilities for them as .npy files, so
 * `scripts/verify-keras.py` can check the file in real Keras where Python is installed.
 */
async function kerasFiles(source: Source): Promise<Map<string, Uint8Array | string>> {
  const [count, ...imageShape] = source.probe.shape;
  const n = Math.min(count, VERIFY_IMAGES);
  const perImage = imageShape.reduce((a, b) => a * b, 1);
  const classCount = source.metadata.classes.length;
  return new Map<string, Uint8Array | string>([
    ['model.keras', await kerasFileBytes(source.model)],
    ['verify-inputs.npy', float32Npy(source.probe.data.slice(0, n * perImage), [n, ...imageShape])],
    ['verify-expected.npy', float32Npy(source.reference.slice(0, n * classCount), [n, classCount])],
  ]);
}

function onnxFiles(source: Source): Map<string, Uint8Array | string> {
  const onnx = layersModelToOnnx(source.model, {
    metadata: {
      labels: JSON.stringify(source.metadata.classes),
      preprocessing: JSON.stringify(source.metadata.preprocessing),
    },
  });
  return new Map([['model.onnx', onnx]]);
}

/** Loads the written files back from disk with the runtime the format's users have. */
async function checkParity(format: ExportFormat, folder: string, source: Source): Promise<Parity> {
  const classCount = source.metadata.classes.length;
  if (format !== 'onnx') {
    const reloaded =
      format === 'tfjs'
        ? await loadFullLayersModel(folder)
        : await loadKerasFile(join(folder, 'model.keras'));
    try {
      return compareProbabilities(
        source.reference,
        predict(reloaded, source.probe),
        classCount,
        source.probe.kind,
      );
    } finally {
      reloaded.dispose();
    }
  }
  const runner = await OrtRunner.create(await readFile(join(folder, 'model.onnx')));
  try {
    const { data } = await runner.run(source.probe.data, source.probe.shape);
    return compareProbabilities(source.reference, data, classCount, source.probe.kind);
  } finally {
    await runner.release();
  }
}

function predict(model: tf.LayersModel, probe: ProbeInputs): Float32Array {
  return tf.tidy(
    () =>
      (model.predict(tf.tensor(probe.data, probe.shape)) as tf.Tensor).dataSync() as Float32Array,
  );
}
