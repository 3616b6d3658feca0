import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendReport } from '../../common/backend.js';
import type { ImportedImage } from '../../common/dataset.js';
import { AppError } from '../../common/errors.js';
import { evaluatePredictions, type Evaluation } from '../../common/evaluation.js';
import { splitDataset } from '../../common/split.js';
import type { z } from 'zod';
import type { JobEvent, trainResultSchema } from '../../common/contract/schemas.js';
import type { TrainedModelMetadata } from '../../common/trainedModel.js';
import type { Augmentation, EpochMetrics, TrainSettings } from '../../common/training.js';
import { attachHead } from '../../engine/training/head.js';
import { trainHead } from '../../engine/training/trainHead.js';
import { loadBackend } from '../backend/loadBackend.js';
import { scanSource } from '../dataset/scanner.js';
import { openDatasetSource } from '../dataset/openSource.js';
import type { DatasetSource } from '../dataset/source.js';
import { folderCheckpointStore, readCheckpoint } from './checkpointFiles.js';
import { embedSplit, type EmbedSplitInput } from './embedSplit.js';
import { augmentImage, viewParameters } from '../augment/augmentImage.js';
import { featureCacheRoot } from '../embedding/featureCache.js';
import { fineTune } from './fineTunePhase.js';
import type { LoadedBase } from '../models/loadPack.js';
import { packStoreDirs } from '../models/packStore.js';
import { writeLayersModel } from '../models/writeLayersModel.js';
import { packageVersion } from '../packageRoot.js';
import { embeddingModel, resolveTrainingBase } from './resolveTrainingBase.js';

export interface TrainJob {
  dataset: string;
  /** A model pack path, or a catalog id installed in the pack store. */
  base: string;
  /** For a plain TF.js layers model as base: the layer whose output is the feature. */
  featureLayer?: string | undefined;
  /** Folder to write the trained model to (must not exist). */
  out: string;
  settings: TrainSettings;
  backend?: string | undefined;
  /** Where features are cached. Default the app home's cache folder ($TRANSFER_STUDIO_CACHE). */
  cacheDir?: string | undefined;
  store?: string | undefined;
  embedEngine?: 'auto' | 'onnxruntime' | 'tfjs';
  env?: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  onEvent?: (event: JobEvent) => void;
  /** Continue from the checkpoint a stopped run of the same job left. */
  resume?: boolean;
  /** Where checkpoints go after every epoch. Default: beside `out`, as `<out>.checkpoint`. */
  checkpointDir?: string | undefined;
}

export type { JobEvent };

/** What a training job returns; declared in the contract. */
export type TrainResult = z.infer<typeof trainResultSchema>;

/**
 * Phase 1 of transfer learning, end to end: scan, split, embed every image once with the frozen
 * base (cached), train the head on the features, evaluate on the held-out images, and write base +
 * head as one TF.js model with its metadata.
 */
export async function runTraining(job: TrainJob): Promise<TrainResult> {
  const clock = new Stopwatch();
  const env = job.env ?? process.env;
  const backend = await loadBackend({ flag: job.backend, env });
  job.onEvent?.({ type: 'backend', report: backend });
  const source = await openDatasetSource(job.dataset);
  try {
    const report = await scanSource(source, { signal: job.signal });
    job.onEvent?.({ type: 'scanned', report });
    const classes = report.classes.filter((c) => c.count > 0).map((c) => c.name);
    if (classes.length < 2)
      throw new AppError(
        'NOT_A_DATASET',
        `Training needs at least two classes with images; found ${classes.length}`,
      );
    const usable = report.images.filter((i) => classes.includes(i.className));
    const split = splitDataset(usable, {
      validation: job.settings.validationSplit,
      seed: job.settings.seed,
    });
    clock.lap('scan');
    const stores = job.store ? [job.store] : packStoreDirs(env);
    const base = await resolveTrainingBase(job.base, stores, { featureLayer: job.featureLayer });
    try {
      return await trainOnBase({ job, env, source, base, classes, split, backend, clock });
    } finally {
      base.model.dispose();
    }
  } finally {
    await source.close();
  }
}

interface Context {
  job: TrainJob;
  env: Record<string, string | undefined>;
  source: DatasetSource;
  base: LoadedBase;
  classes: string[];
  split: { train: ImportedImage[]; validation: ImportedImage[]; test: ImportedImage[] };
  backend: BackendReport;
  clock: Stopwatch;
}

async function trainOnBase(ctx: Context): Promise<TrainResult> {
  const { job, base, classes, split, clock } = ctx;
  const embedding = embeddingModel(base, job.settings.head);
  const cacheDir = job.cacheDir ?? featureCacheRoot(ctx.env);
  const common = {
    source: ctx.source,
    preprocessing: base.preprocessing,
    cacheDir,
    engine: job.embedEngine,
    signal: job.signal,
    onEvent: job.onEvent,
  };
  const embedded = await embedSplit({
    model: embedding,
    images: [...split.train, ...split.validation],
    view: 'original',
    ...common,
  });
  job.onEvent?.({
    type: 'base',
    name: base.name,
    architecture: base.architecture,
    engine: embedded.engine,
    device: embedded.device,
    ...(embedded.fallbackReason ? { fallbackReason: embedded.fallbackReason } : {}),
  });
  clock.lap('embed');
  const size = embedded.shape.reduce((a, b) => a * b, 1);
  const labels = {
    train: split.train.map((i) => classes.indexOf(i.className)),
    validation: split.validation.map((i) => classes.indexOf(i.className)),
  };
  const trainRows = split.train.length * size;
  const views = await augmentedViews(embedding, split.train, job.settings.augmentation, common);
  clock.lap('augment');
  const trainFeatures = concatenate([embedded.values.subarray(0, trainRows), ...views]);
  const trainLabels = Array.from({ length: views.length + 1 }, () => labels.train).flat();
  const checkpoints = await checkpointsFor(ctx, embedded.values);
  const trained = await trainHead({
    featureShape: embedded.shape,
    classCount: classes.length,
    train: { features: trainFeatures, labels: trainLabels },
    validation: { features: embedded.values.subarray(trainRows), labels: labels.validation },
    settings: job.settings,
    signal: job.signal,
    onEvent: job.onEvent,
    checkpoints: await checkpoints.phase(1),
  });
  clock.lap('train');
  if (trained.stopped?.reason === 'cancelled') {
    trained.head.dispose();
    throw new AppError('CANCELLED', 'Training was cancelled; no model was written');
  }
  try {
    let history = trained.history;
    let bestEpoch = trained.bestEpoch;
    let stopped = trained.stopped?.message;
    let probabilities =
      split.validation.length > 0
        ? headProbabilities(trained.head, embedded.values.subarray(trainRows), [
            split.validation.length,
            ...embedded.shape,
          ])
        : undefined;
    if (job.settings.phase2.epochs > 0) {
      const tuned = await fineTune({
        embedding,
        head: trained.head,
        family: base.family,
        settings: job.settings,
        classes,
        train: split.train,
        validation: split.validation,
        labels,
        phase1: trained.history,
        phase1BestEpoch: trained.bestEpoch,
        checkpoints: await checkpoints.phase(2),
        ...common,
      });
      history = [...history, ...tuned.history];
      bestEpoch = tuned.bestEpoch;
      if (tuned.stopped?.reason === 'cancelled') {
        throw new AppError('CANCELLED', 'Training was cancelled; no model was written');
      }
      stopped = tuned.stopped?.message ?? stopped;
      probabilities = tuned.validationProbabilities ?? probabilities;
      clock.lap('fine-tune');
    }
    const validation = probabilities
      ? evaluatePredictions(probabilities, labels.validation, classes)
      : undefined;
    const metadata = trainedMetadata(ctx, { history, bestEpoch }, validation, embedded.engine);
    const classifier = attachHead(embedding, trained.head, job.settings.head, classes.length);
    try {
      await writeLayersModel(classifier, job.out, {
        extraFiles: {
          'metadata.json': JSON.stringify(metadata, null, 2),
          'labels.txt': `${classes.join('\n')}\n`,
        },
      });
    } finally {
      disposeHeadLayers(classifier, embedding);
    }
    clock.lap('write');
    await rm(checkpoints.folder, { recursive: true, force: true });
    return {
      modelDir: job.out,
      classes,
      counts: { train: split.train.length, validation: split.validation.length },
      history,
      bestEpoch,
      ...(stopped ? { stopped } : {}),
      validation,
      validationPaths: split.validation.map((i) => i.path),
      backend: ctx.backend.backend,
      embedding: {
        engine: embedded.engine,
        device: embedded.device,
        imagesPerSecond: embedded.imagesPerSecond,
        cached: embedded.cached,
      },
      timings: clock.laps,
    };
  } finally {
    trained.head.dispose();
  }
}

/**
 * Checkpoints of this job, one folder per phase, keyed by everything that decides the run (data,
 * split, base features, settings) so a resume never continues a different run.
 */
async function checkpointsFor(ctx: Context, features: Float32Array) {
  const folder = ctx.job.checkpointDir ?? `${resolve(ctx.job.out)}.checkpoint`;
  const key = createHash('sha256')
    .update(
      canonicalJson({
        settings: ctx.job.settings,
        classes: ctx.classes,
        train: ctx.split.train.map((i) => i.sha256),
        validation: ctx.split.validation.map((i) => i.sha256),
      }),
    )
    .update(new Uint8Array(features.buffer, features.byteOffset, features.byteLength))
    .digest('hex');
  return {
    folder,
    phase: async (phase: 1 | 2) => {
      const path = join(folder, `phase${phase}`);
      const resume = ctx.job.resume ? await readCheckpoint(path, key) : undefined;
      return { store: folderCheckpointStore(path, key), ...(resume ? { resume } : {}) };
    },
  };
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Features of each augmented view of the training images (validation images are never altered). */
async function augmentedViews(
  embedding: tf.LayersModel,
  images: ImportedImage[],
  augmentation: Augmentation,
  common: Omit<EmbedSplitInput, 'model' | 'images' | 'view'>,
): Promise<Float32Array[]> {
  const tag = createHash('sha256').update(JSON.stringify(augmentation)).digest('hex').slice(0, 12);
  const views: Float32Array[] = [];
  for (let view = 1; view <= augmentation.views; view++) {
    const embedded = await embedSplit({
      ...common,
      model: embedding,
      images,
      view: `aug:${tag}:${view}`,
      transform: (image, index) =>
        augmentImage(image, viewParameters(augmentation, images[index]?.sha256 ?? '', view)),
    });
    views.push(embedded.values);
  }
  return views;
}

function concatenate(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function headProbabilities(
  head: tf.LayersModel,
  features: Float32Array,
  shape: number[],
): Float32Array {
  return tf.tidy(
    () => (head.predict(tf.tensor(features, shape)) as tf.Tensor).dataSync() as Float32Array,
  );
}

function countByClass(images: ImportedImage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const image of images) counts[image.className] = (counts[image.className] ?? 0) + 1;
  return counts;
}

function trainedMetadata(
  ctx: Context,
  trained: { history: EpochMetrics[]; bestEpoch: number },
  validation: Evaluation | undefined,
  engine: 'onnxruntime' | 'tfjs',
): TrainedModelMetadata {
  return {
    format: 'transfer-studio-model',
    version: 1,
    classes: ctx.classes,
    preprocessing: ctx.base.preprocessing,
    base: {
      ...(ctx.base.architecture ? { architecture: ctx.base.architecture } : {}),
      name: ctx.base.name,
      source: ctx.base.source,
      kind: ctx.base.kind,
    },
    settings: ctx.job.settings,
    history: trained.history,
    bestEpoch: trained.bestEpoch,
    counts: {
      train: countByClass(ctx.split.train),
      validation: countByClass(ctx.split.validation),
    },
    ...(validation
      ? {
          validation: {
            count: validation.count,
            accuracy: validation.accuracy,
            confusion: validation.confusion,
            perClass: validation.perClass,
          },
          validationImages: {
            dataset: resolve(ctx.job.dataset),
            paths: ctx.split.validation.map((i) => i.path),
          },
        }
      : {}),
    backend: ctx.backend.backend,
    embeddingEngine: engine,
    timings: ctx.clock.laps,
    createdAt: new Date().toISOString(),
    appVersion: packageVersion(),
  };
}

/** The classifier shares the base's layers; free only the head layers it added. */
function disposeHeadLayers(classifier: tf.LayersModel, embedding: tf.LayersModel): void {
  const baseLayers = new Set(embedding.layers);
  for (const layer of classifier.layers)
    if (!baseLayers.has(layer) && layer.weights.length > 0) layer.dispose();
}

class Stopwatch {
  readonly laps: Record<string, number> = {};
  private last = performance.now();

  lap(name: string): void {
    const now = performance.now();
    this.laps[name] = Number(((now - this.last) / 1000).toFixed(3));
    this.last = now;
  }
}
