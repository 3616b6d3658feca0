import type * as tf from '../../../engine/tf.js';
import type { ImportedImage } from '../../../common/dataset.js';
import type { TrainJob } from './runTraining.js';
import type { DatasetSource } from '../dataset/source.js';
import type { LoadedBase } from '../models/loadPack.js';
import { featureCacheRoot } from '../embedding/featureCache.js';
import { augmentedViews, concatenate, viewRows } from './augmentedViews.js';
import { embedSplit, type EmbedSplitInput } from './embedSplit.js';
import { refitApplies } from './refitPhase.js';
import type { Stopwatch } from './stopwatch.js';

/** What embedding for a run needs to know of it. */
export interface FeaturesContext {
  job: TrainJob;
  env: Record<string, string | undefined>;
  source: DatasetSource;
  base: LoadedBase;
  classes: string[];
  split: { train: ImportedImage[]; validation: ImportedImage[] };
  clock: Stopwatch;
}

export type Embedded = Awaited<ReturnType<typeof embedSplit>>;

/** What the head trains on: every training image's features (with augmented views) and labels. */
export interface TrainingFeatures {
  embedded: Embedded;
  train: { features: Float32Array; labels: number[] };
  validation: { features: Float32Array; labels: number[] };
  /** What a refit adds to `train`: the validation images and, with augmentation, their views. */
  heldOut: { features: Float32Array; labels: number[] };
  /** Labels of the original training images (without views), for fine-tuning. */
  trainLabels: number[];
  common: Omit<EmbedSplitInput, 'model' | 'images' | 'view'>;
}

/** Every image through the frozen base once (cached), plus the augmented views asked for. */
export async function embedForTraining(
  ctx: FeaturesContext,
  embedding: tf.LayersModel,
): Promise<TrainingFeatures> {
  const { job, base, classes, split, clock } = ctx;
  const common = {
    source: ctx.source,
    preprocessing: base.preprocessing,
    cacheDir: job.cacheDir ?? featureCacheRoot(ctx.env),
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
  const labelsOf = (images: ImportedImage[]) => images.map((i) => classes.indexOf(i.className));
  const trainLabels = labelsOf(split.train);
  const validationLabels = labelsOf(split.validation);
  const rowSize = embedded.shape.reduce((a, b) => a * b, 1);
  const trainRows = split.train.length * rowSize;
  // A refit trains on the validation images too, so they get their views as well.
  const refitting = refitApplies(job.settings, split.validation.length);
  const viewed = refitting ? [...split.train, ...split.validation] : split.train;
  const views = await augmentedViews(embedding, viewed, job.settings.augmentation, common);
  clock.lap('augment');
  const labelOf = (index: number) =>
    index < split.train.length
      ? (trainLabels[index] as number)
      : (validationLabels[index - split.train.length] as number);
  const isTrain = (index: number) => index < split.train.length;
  const trainViews = views.map((v) => viewRows(v, rowSize, isTrain, labelOf));
  const heldOutViews = refitting
    ? views.map((v) => viewRows(v, rowSize, (i) => !isTrain(i), labelOf))
    : [];
  const validation = { features: embedded.values.subarray(trainRows), labels: validationLabels };
  return {
    embedded,
    train: joinRows([
      { features: embedded.values.subarray(0, trainRows), labels: trainLabels },
      ...trainViews,
    ]),
    validation,
    heldOut: refitting
      ? joinRows([validation, ...heldOutViews])
      : { features: new Float32Array(0), labels: [] },
    trainLabels,
    common,
  };
}

function joinRows(parts: { features: Float32Array; labels: number[] }[]): {
  features: Float32Array;
  labels: number[];
} {
  return {
    features: concatenate(parts.map((p) => p.features)),
    labels: parts.flatMap((p) => p.labels),
  };
}
