import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as tf from '../../../engine/tf.js';
import type { BackendReport } from '../../../common/backend.js';
import type { ImportedImage } from '../../../common/dataset.js';
import { AppError } from '../../../common/errors.js';
import type { Evaluation } from '../../../common/evaluation.js';
import { splitDataset } from '../../../common/split.js';
import type { z } from 'zod';
import type { JobEvent, trainResultSchema } from '../../../common/contract/schemas.js';
import type { PhaseSeconds } from '../../../common/phaseSeconds.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import type {
  EpochMetrics,
  FineTuningOutcome,
  RefitOutcome,
  TrainSettings,
} from '../../../common/training.js';
import { attachHead } from '../../../engine/training/head.js';
import { trainHead } from '../../../engine/training/trainHead.js';
import { loadBackend } from '../../adapters/backend/loadBackend.js';
import { commitUnlessAborted } from '../../adapters/platform/abort.js';
import { scanSource } from '../dataset/scanner.js';
import { openDatasetSource } from '../dataset/openSource.js';
import type { DatasetSource } from '../dataset/source.js';
import { jobCheckpoints, type JobCheckpoints } from './checkpointFiles.js';
import { embedForTraining, type Embedded, type TrainingFeatures } from './trainingFeatures.js';
import { fineTune, fineTuningOutcome } from './fineTunePhase.js';
import { trainedMetadata } from './trainedMetadata.js';
import { refitApplies, refitOnAllImages } from './refitPhase.js';
import { evaluateImagePredictions } from './imageEvaluation.js';
import { laterWork } from './laterWork.js';
import { Stopwatch, timed } from './stopwatch.js';
import type { LoadedBase } from '../models/loadPack.js';
import { packStoreDirs } from '../models/packStore.js';
import { writeLayersModel } from '../models/writeLayersModel.js';
import { embeddingModel, resolveTrainingBase } from './resolveTrainingBase.js';

export interface TrainJob {
  dataset: string;
  /**
   * `dataset` as the caller opened it to decide what it holds, its listing not begun (see
   * `withTrainingDataset`): the training scans and reads it instead of opening it again, and leaves
   * closing it to the caller.
   */
  source?: DatasetSource | undefined;
  /** A model pack path, or a catalog id installed in the pack store. */
  base: string;
  /** For a plain TF.js layers model as base: the layer whose output is the feature. */
  featureLayer?: string | undefined;
  /** Folder to write the trained model to (must not exist, unless `overwrite`). */
  out: string;
  /** Replace a folder already at `out`, once the new model is complete. Default false. */
  overwrite?: boolean | undefined;
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
 * Transfer learning, end to end: scan, split, embed every image once with the frozen base
 * (cached), train the head on the features (phase 1), fine-tune the unfrozen top of the base when
 * asked (phase 2), evaluate on the held-out images, and write base + head as one TF.js model with
 * its metadata.
 */
export async function runTraining(job: TrainJob): Promise<TrainResult> {
  const clock = new Stopwatch();
  const env = job.env ?? process.env;
  const backend = await loadBackend({ flag: job.backend, env });
  job.onEvent?.({ type: 'backend', report: backend });
  const source = job.source ?? (await openDatasetSource(job.dataset));
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
    if (source !== job.source) await source.close();
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
  const embedding = embeddingModel(ctx.base, ctx.job.settings.head);
  const features = await embedForTraining(ctx, embedding);
  const checkpoints = checkpointsFor(ctx, features.embedded.values);
  const later = await laterWork(ctx, embedding, features);
  const phase1Checkpoints = await checkpoints.phase(1);
  const { value: trained, seconds: phase1 } = await timed(() =>
    trainHead({
      featureShape: features.embedded.shape,
      classCount: ctx.classes.length,
      train: features.train,
      validation: features.validation,
      settings: ctx.job.settings,
      later,
      signal: ctx.job.signal,
      onEvent: ctx.job.onEvent,
      checkpoints: phase1Checkpoints,
    }),
  );
  ctx.clock.lap('train');
  try {
    if (trained.stopped?.reason === 'cancelled') throw cancelled();
    const outcome = await fineTuneIfAsked(ctx, embedding, trained, features, checkpoints);
    const validation = outcome.probabilities
      ? evaluateImagePredictions(
          outcome.probabilities,
          features.validation.labels,
          ctx.classes,
          ctx.split.validation.map((i) => i.path),
        )
      : undefined;
    const refit = await refitIfAsked(ctx, features, trained, outcome.probabilities);
    const phaseSeconds: PhaseSeconds = {
      phase1,
      ...(outcome.fineTuningSeconds === undefined ? {} : { fineTuning: outcome.fineTuningSeconds }),
      ...(refit ? { refit: refit.seconds } : {}),
    };
    try {
      const metadata = trainedMetadata(
        { ...ctx, settings: ctx.job.settings, dataset: ctx.job.dataset },
        {
          ...outcome,
          ...(refit ? { refit: refit.outcome } : {}),
          validation,
          engine: features.embedded.engine,
          phaseSeconds,
        },
      );
      await writeClassifier(ctx, embedding, refit?.head ?? trained.head, metadata);
    } finally {
      refit?.head.dispose();
    }
    await rm(checkpoints.folder, { recursive: true, force: true });
    return trainResult(
      ctx,
      { ...outcome, refit: refit?.outcome, phaseSeconds },
      validation,
      features.embedded,
    );
  } finally {
    trained.head.dispose();
  }
}

/**
 * With `settings.refit`, the head the run saves: trained again on training and validation images
 * for the epochs validation chose. Not checkpointed: it is seeded, so a resumed run that reaches
 * it again computes the same head.
 */
async function refitIfAsked(
  ctx: Context,
  features: TrainingFeatures,
  validated: Awaited<ReturnType<typeof trainHead>>,
  validationProbabilities: Float32Array | undefined,
): Promise<{ head: tf.LayersModel; outcome: RefitOutcome; seconds: number } | undefined> {
  if (!refitApplies(ctx.job.settings, ctx.split.validation.length)) return undefined;
  const { value: refit, seconds } = await timed(() =>
    refitOnAllImages({
      featureShape: features.embedded.shape,
      classCount: ctx.classes.length,
      settings: ctx.job.settings,
      train: features.train,
      heldOut: features.heldOut,
      images: ctx.split.train.length + ctx.split.validation.length,
      validated,
      validationProbabilities,
      signal: ctx.job.signal,
      onEvent: ctx.job.onEvent,
    }),
  );
  if (refit?.head.stopped?.reason === 'cancelled') {
    refit.head.head.dispose();
    throw cancelled();
  }
  ctx.clock.lap('refit');
  return refit && { head: refit.head.head, outcome: refit.outcome, seconds };
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Training was cancelled; no model was written');
}

interface PhasesOutcome {
  history: EpochMetrics[];
  bestEpoch: number;
  stopped: string | undefined;
  probabilities: Float32Array | undefined;
  fineTuning?: FineTuningOutcome;
  /** Wall seconds of phase 2, its activations pass included. */
  fineTuningSeconds?: number;
}

/** Phase 2 when settings ask for fine-tuning epochs; otherwise phase 1's outcome as it is. */
async function fineTuneIfAsked(
  ctx: Context,
  embedding: tf.LayersModel,
  trained: Awaited<ReturnType<typeof trainHead>>,
  features: TrainingFeatures,
  checkpoints: JobCheckpoints,
): Promise<PhasesOutcome> {
  const { job, split } = ctx;
  const phase1: PhasesOutcome = {
    history: trained.history,
    bestEpoch: trained.bestEpoch,
    stopped: trained.stopped?.message,
    probabilities:
      split.validation.length > 0
        ? headProbabilities(trained.head, features.validation.features, [
            split.validation.length,
            ...features.embedded.shape,
          ])
        : undefined,
  };
  if (job.settings.phase2.epochs <= 0) return phase1;
  const phase2Checkpoints = await checkpoints.phase(2);
  const { value: tuned, seconds } = await timed(() =>
    fineTune({
      embedding,
      head: trained.head,
      family: ctx.base.family,
      settings: job.settings,
      classes: ctx.classes,
      train: split.train,
      validation: split.validation,
      labels: { train: features.trainLabels, validation: features.validation.labels },
      phase1: trained.history,
      phase1BestEpoch: trained.bestEpoch,
      checkpoints: phase2Checkpoints,
      ...features.common,
    }),
  );
  if (tuned.stopped?.reason === 'cancelled') throw cancelled();
  ctx.clock.lap('fine-tune');
  const fineTuning = fineTuningOutcome(tuned, job.settings.phase2.epochs, trained.history);
  return {
    history: [...trained.history, ...tuned.history],
    bestEpoch: tuned.bestEpoch,
    stopped: tuned.stopped?.message ?? phase1.stopped,
    probabilities: fineTuning.improved
      ? (tuned.validationProbabilities ?? phase1.probabilities)
      : phase1.probabilities,
    fineTuning,
    fineTuningSeconds: seconds,
  };
}

/** Base + head as one TF.js layers model, with its metadata and labels. */
async function writeClassifier(
  ctx: Context,
  embedding: tf.LayersModel,
  head: tf.LayersModel,
  metadata: TrainedModelMetadata,
): Promise<void> {
  const { job, classes } = ctx;
  const classifier = attachHead(embedding, head, job.settings.head, classes.length);
  try {
    // (transport/cancellation) A cancel before the write stops the run; once the folder is being
    // written, the run answers with it, so the caller is never told "cancelled" about a saved model.
    await commitUnlessAborted(
      job.signal,
      () =>
        writeLayersModel(classifier, job.out, {
          overwrite: job.overwrite ?? false,
          extraFiles: {
            'metadata.json': JSON.stringify(metadata, null, 2),
            'labels.txt': `${classes.join('\n')}\n`,
          },
        }),
      cancelled,
    );
  } finally {
    disposeHeadLayers(classifier, embedding);
  }
  ctx.clock.lap('write');
}

function trainResult(
  ctx: Context,
  outcome: PhasesOutcome & { refit?: RefitOutcome | undefined; phaseSeconds: PhaseSeconds },
  validation: Evaluation | undefined,
  embedded: Embedded,
): TrainResult {
  const { job, classes, split } = ctx;
  return {
    modelDir: job.out,
    classes,
    counts: { train: split.train.length, validation: split.validation.length },
    history: outcome.history,
    bestEpoch: outcome.bestEpoch,
    ...(outcome.stopped ? { stopped: outcome.stopped } : {}),
    ...(outcome.fineTuning ? { fineTuning: outcome.fineTuning } : {}),
    ...(outcome.refit ? { refit: withoutProbabilities(outcome.refit) } : {}),
    phaseSeconds: outcome.phaseSeconds,
    validation,
    validationPaths: split.validation.map((i) => i.path),
    backend: ctx.backend.backend,
    embedding: {
      engine: embedded.engine,
      device: embedded.device,
      imagesPerSecond: embedded.imagesPerSecond,
      cached: embedded.cached,
    },
    timings: ctx.clock.laps,
  };
}

/** The refit's record as the result carries it: the probabilities stay in metadata.json. */
function withoutProbabilities(refit: RefitOutcome): Omit<RefitOutcome, 'validationProbabilities'> {
  const { validationProbabilities: _, ...rest } = refit;
  return rest;
}

/** This job's checkpoints, keyed by everything that decides the run so a resume never continues another. */
function checkpointsFor(ctx: Context, features: Float32Array): JobCheckpoints {
  const identity = {
    settings: ctx.job.settings,
    classes: ctx.classes,
    train: ctx.split.train.map((i) => i.sha256),
    validation: ctx.split.validation.map((i) => i.sha256),
  };
  return jobCheckpoints({
    folder: ctx.job.checkpointDir ?? `${resolve(ctx.job.out)}.checkpoint`,
    resume: ctx.job.resume === true,
    identity,
    features,
  });
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

/** The classifier shares the base's layers; free only the head layers it added. */
function disposeHeadLayers(classifier: tf.LayersModel, embedding: tf.LayersModel): void {
  const baseLayers = new Set(embedding.layers);
  for (const layer of classifier.layers)
    if (!baseLayers.has(layer) && layer.weights.length > 0) layer.dispose();
}
