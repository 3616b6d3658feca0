import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendReport } from '../../../common/backend.js';
import type { ScanReport } from '../../../common/dataset.js';
import {
  accuracyOf,
  confusionMatrix,
  perClassMetrics,
  type ClassMetrics,
} from '../../../common/metrics.js';
import { mobilenetPreprocessing, type Preprocessing } from '../../../common/preprocessing.js';
import { splitDataset } from '../../../common/split.js';
import { DEFAULT_TRAIN_SETTINGS, type EpochMetrics } from '../../../common/training.js';
import { fitOnArrays, type FeatureSet } from '../../../engine/training/fitOnArrays.js';
import { missingKernels } from '../../../engine/kernels/missingKernels.js';
import { buildSmallCnn } from '../../../engine/smallCnn.js';
import { loadBackend } from '../../adapters/backend/loadBackend.js';
import { openDatasetSource } from '../dataset/openSource.js';
import { scanDataset } from '../dataset/scanner.js';
import type { DatasetSource } from '../dataset/source.js';
import { decodeImagesForModel } from '../../adapters/image/decodeBatch.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { writeShapeSamples } from '../samples/shapes.js';

export interface DemoOptions {
  /** Dataset to train on. Default: the project's shapes samples, generated when absent. */
  dataset?: string;
  backend?: string;
  /** Where TRANSFER_STUDIO_BACKEND is read from. Default: process.env. */
  env?: Record<string, string | undefined>;
  epochs?: number;
  seed?: number;
  onEvent?: (event: DemoEvent) => void;
}

export type DemoEvent =
  | { type: 'samples-generated'; path: string; count: number }
  | { type: 'scanned'; report: ScanReport }
  | { type: 'backend'; report: BackendReport; trainingBackend: string; note?: string }
  | { type: 'model'; description: string; parameters: number }
  | { type: 'epoch'; metrics: EpochMetrics };

export interface DemoResult {
  dataset: string;
  classes: string[];
  backend: BackendReport['backend'];
  trainingBackend: string;
  model: string;
  trainCount: number;
  validationCount: number;
  accuracy: number;
  confusion: number[][];
  perClass: (ClassMetrics & { name: string })[];
  history: EpochMetrics[];
  /** The epoch whose weights the model kept (lowest validation loss). */
  bestEpoch: number;
  seconds: number;
}

const DEMO_INPUT_SIZE = 32;

/** Decodes to 32×32: the from-scratch CNN learns shapes at that size in seconds on a CPU. */
const DEMO_PREPROCESSING: Preprocessing = {
  ...mobilenetPreprocessing(DEMO_INPUT_SIZE),
  resize: 'stretch',
};

/**
 * The main job, headless: scan a dataset, split it, train, evaluate. No pretrained base model can
 * be installed yet (model packs come with the base-model work), so it trains a small CNN from
 * scratch and says so.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => undefined);
  const dataset = options.dataset ?? (await ensureSamples(emit));
  const report = await scanDataset(dataset, { minSide: DEMO_INPUT_SIZE });
  emit({ type: 'scanned', report });
  const classes = report.classes.filter((c) => c.count > 0).map((c) => c.name);
  if (classes.length < 2)
    throw new Error(
      `The demo needs at least two classes with images; ${dataset} has ${classes.length}.`,
    );

  const { backend, trainingBackend } = await chooseTrainingBackend(
    options.backend,
    options.env,
    emit,
  );
  const split = splitDataset(
    report.images.filter((i) => classes.includes(i.className)),
    { validation: 0.25, seed: options.seed ?? 7 },
  );
  const source = await openDatasetSource(dataset);
  const [train, validation] = await Promise.all([
    loadLabelled(source, split.train, classes),
    loadLabelled(source, split.validation, classes),
  ]).finally(() => source.close());
  const model = buildSmallCnn({
    inputSize: DEMO_INPUT_SIZE,
    classCount: classes.length,
    seed: options.seed ?? 7,
  });
  emit({
    type: 'model',
    description: 'small CNN from scratch (no pretrained base model installed)',
    parameters: model.countParams(),
  });
  try {
    const seed = options.seed ?? 7;
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      seed,
      classWeights: 'none' as const,
      earlyStoppingPatience: 0,
      reduceLearningRatePatience: 0,
    };
    const phase = {
      epochs: options.epochs ?? 30,
      learningRate: 0.003,
      optimizer: 'adam' as const,
      batchSize: 16,
    };
    const { history, bestEpoch } = await fitOnArrays(model, 1, phase, {
      featureShape: IMAGE_SHAPE,
      classCount: classes.length,
      train,
      validation,
      settings,
      onEvent: (event) => event.type === 'epoch' && emit({ type: 'epoch', metrics: event.metrics }),
    });
    const confusion = confusionMatrix(
      validation.labels,
      predictedClasses(model, validation),
      classes.length,
    );
    return {
      dataset,
      classes,
      backend: backend.backend,
      trainingBackend,
      model: 'small CNN from scratch',
      trainCount: train.labels.length,
      validationCount: validation.labels.length,
      accuracy: accuracyOf(confusion),
      confusion,
      perClass: perClassMetrics(confusion).map((m, i) => ({ name: classes[i] ?? '', ...m })),
      history,
      bestEpoch,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

const IMAGE_SHAPE = [DEMO_INPUT_SIZE, DEMO_INPUT_SIZE, 3];

function predictedClasses(model: tf.LayersModel, images: FeatureSet): number[] {
  return tf.tidy(() => {
    const probabilities = model.predict(
      tf.tensor(images.features, [images.labels.length, ...IMAGE_SHAPE]),
    ) as tf.Tensor;
    return Array.from(probabilities.argMax(-1).dataSync());
  });
}

async function chooseTrainingBackend(
  flag: string | undefined,
  env: Record<string, string | undefined> | undefined,
  emit: (event: DemoEvent) => void,
): Promise<{ backend: BackendReport; trainingBackend: string }> {
  const report = await loadBackend({ flag, ...(env ? { env } : {}) });
  const missing = missingKernels(tf.getBackend(), ['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
  if (missing.length === 0) {
    emit({ type: 'backend', report, trainingBackend: tf.getBackend() });
    return { backend: report, trainingBackend: tf.getBackend() };
  }
  await tf.setBackend('cpu');
  emit({
    type: 'backend',
    report,
    trainingBackend: 'cpu',
    note: `${report.label} lacks ${missing.join(', ')}; training this CNN on the cpu backend instead`,
  });
  return { backend: report, trainingBackend: 'cpu' };
}

async function loadLabelled(
  source: DatasetSource,
  images: ScanReport['images'],
  classes: string[],
): Promise<FeatureSet> {
  return {
    features: await decodeImagesForModel(
      images.map((i) => () => source.read(i.path)),
      DEMO_PREPROCESSING,
    ),
    labels: images.map((i) => classes.indexOf(i.className)),
  };
}

export async function ensureSamples(emit: (event: DemoEvent) => void): Promise<string> {
  const bundled = join(packageRoot(), 'assets', 'samples', 'shapes');
  if (await exists(bundled)) return bundled;
  const generated = join(await mkdtemp(join(tmpdir(), 'transfer-studio-shapes-')), 'shapes');
  const count = await writeShapeSamples(generated);
  emit({ type: 'samples-generated', path: generated, count });
  return generated;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
