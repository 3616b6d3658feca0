import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { layersModelToOnnx } from '../../../engine/onnx/layersToOnnx.js';
import { OrtRunner } from '../../adapters/onnx/ortSession.js';
import { packageVersion } from '../../adapters/platform/packageRoot.js';
import { loadFullLayersModel } from '../models/loadPack.js';
import { layersModelFiles } from '../models/writeLayersModel.js';
import { loadTrainedModel } from '../training/loadTrainedModel.js';
import type { ExportFiles, ExportSource, FormatWriter } from './exportSource.js';
import { kerasFileBytes, loadKerasFile } from './kerasFile.js';
import { modelCard, type ExportFormat } from './modelCard.js';
import { float32Npy } from './npy.js';
import { compareProbabilities, type Parity } from './parity.js';
import { probeInputs, type ProbeInputs } from './probeInputs.js';

/** How many probe images go into a Keras export's verify-*.npy files for scripts/verify-keras.py. */
const VERIFY_IMAGES = 4;

interface ImageSource {
  model: tf.LayersModel;
  metadata: TrainedModelMetadata;
  probe: ProbeInputs;
  reference: Float32Array;
}

/** An image model folder with its probe images and the app's probabilities for them. */
export async function loadImageExportSource(
  modelDir: string,
  signal?: AbortSignal,
): Promise<ExportSource> {
  const { model, metadata } = await loadTrainedModel(modelDir, signal);
  try {
    const probe = await probeInputs(metadata, undefined, signal);
    const source: ImageSource = { model, metadata, probe, reference: predict(model, probe) };
    return {
      modality: 'image',
      classes: metadata.classes,
      metadata,
      writer: (format) => imageWriter(format, source),
      dispose: () => model.dispose(),
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function imageWriter(format: ExportFormat, source: ImageSource): FormatWriter {
  return {
    files: () => FILES_OF[format](source),
    parity: (folder) => checkParity(format, folder, source),
    card: (parity) => modelCard(source.metadata, format, parity),
  };
}

const FILES_OF: Record<ExportFormat, (source: ImageSource) => Promise<ExportFiles>> = {
  tfjs: tfjsFiles,
  onnx: async (source) => onnxFiles(source),
  keras: kerasFiles,
};

async function tfjsFiles(source: ImageSource): Promise<ExportFiles> {
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

/**
 * `model.keras`, plus a few probe inputs and the app's probabilities for them as .npy files, so
 * `scripts/verify-keras.py` can check the file in real Keras where Python is installed.
 */
async function kerasFiles(source: ImageSource): Promise<ExportFiles> {
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

function onnxFiles(source: ImageSource): ExportFiles {
  const onnx = layersModelToOnnx(source.model, {
    metadata: {
      labels: JSON.stringify(source.metadata.classes),
      preprocessing: JSON.stringify(source.metadata.preprocessing),
    },
  });
  return new Map([['model.onnx', onnx]]);
}

/** Loads the written files back from disk with the runtime the format's users have. */
async function checkParity(
  format: ExportFormat,
  folder: string,
  source: ImageSource,
): Promise<Parity> {
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
  const { data } = await runOnnx(join(folder, 'model.onnx'), source.probe.data, source.probe.shape);
  return compareProbabilities(source.reference, data, classCount, source.probe.kind);
}

/** One run of an ONNX file in onnxruntime-node, the session released after. */
export async function runOnnx(
  path: string,
  data: Float32Array,
  shape: readonly number[],
): Promise<{ data: Float32Array }> {
  const runner = await OrtRunner.create(await readFile(path));
  try {
    return await runner.run(data, [...shape]);
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
