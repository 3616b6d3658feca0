import * as tf from '../../../engine/tf.js';
import type { ImportedImage } from '../../../common/dataset.js';
import type { Evaluation } from '../../../common/evaluation.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import type { PhaseSettings, TrainSettings } from '../../../common/training.js';
import { fitOnArrays, type FitResult } from '../../../engine/training/fitOnArrays.js';
import { commitUnlessAborted } from '../../adapters/platform/abort.js';
import { scanSource } from '../dataset/scanner.js';
import { openDatasetSource } from '../dataset/openSource.js';
import type { DatasetSource } from '../dataset/source.js';
import { writeLayersModel } from '../models/writeLayersModel.js';
import type { JobEvent, TrainResult } from './runTraining.js';
import { evaluateImagePredictions } from './imageEvaluation.js';
import { chooseScratchBackend, type ScratchBackend } from './scratchBackend.js';
import { scratchCancelled, scratchModelFor, type PreparedScratchModel } from './scratchModels.js';
import { splitForTraining, type TrainingSplit } from './trainingSplit.js';
import { Stopwatch } from './stopwatch.js';
import { trainedMetadata } from './trainedMetadata.js';

export interface ScratchJob {
  dataset: string;
  /**
   * `dataset` as the caller opened it to decide what it holds, its listing not begun (see
   * `withTrainingDataset`): the run scans and reads it instead of opening it again, and leaves
   * closing it to the caller.
   */
  source?: DatasetSource | undefined;
  /** Folder to write the trained model to (must not exist, unless `overwrite`). */
  out: string;
  /** Replace a folder already at `out`, once the new model is complete. Default false. */
  overwrite?: boolean | undefined;
  /**
   * The transfer run's settings: their seed, validation fraction, class weights, early stopping
   * and learning-rate patience apply unchanged, so both runs see the same images the same way.
   */
  settings: TrainSettings;
  /** Overrides of the scratch model's own epochs, learning rate, optimizer or batch size. */
  phase?: Partial<PhaseSettings> | undefined;
  backend?: string | undefined;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  onEvent?: (event: JobEvent) => void;
}

/**
 * The "no transfer" recipe: the same dataset source, split, seed and evaluation as a transfer run,
 * with a model that starts from random weights. It is saved as an ordinary trained model folder
 * (recipe "scratch"), so evaluate, predict, export and the Runs screen treat it like any run.
 */
export async function runScratchTraining(job: ScratchJob): Promise<TrainResult> {
  const clock = new Stopwatch();
  const backend = await chooseScratchBackend(job.backend, job.env ?? process.env);
  job.onEvent?.({ type: 'backend', report: backend.report });
  const source = job.source ?? (await openDatasetSource(job.dataset));
  try {
    const report = await scanSource(source, { signal: job.signal });
    job.onEvent?.({ type: 'scanned', report });
    const kind = scratchModelFor(report);
    const settings = scratchSettings(job.settings, { ...kind.phase, ...job.phase });
    const split = splitForTraining(report, settings);
    const model = await kind.prepare(source, split.split.train);
    clock.lap('scan');
    return await trainAndSave({ job, source, settings, split, model, backend, clock });
  } finally {
    if (source !== job.source) await source.close();
  }
}

/** What the run records as its settings: the scratch phase, no fine-tuning, views, refit or mixup. */
export function scratchSettings(settings: TrainSettings, phase: PhaseSettings): TrainSettings {
  return {
    ...settings,
    phase1: phase,
    phase2: { ...settings.phase2, epochs: 0 },
    augmentation: { ...settings.augmentation, views: 0, backgrounds: false, mirror: false },
    refit: false,
    // Mixup blends a head's feature rows; on the CNN it would blend raw pixels.
    mixup: 0,
  };
}

interface Run {
  job: ScratchJob;
  source: DatasetSource;
  settings: TrainSettings;
  split: TrainingSplit;
  model: PreparedScratchModel;
  backend: ScratchBackend;
  clock: Stopwatch;
}

async function trainAndSave(run: Run): Promise<TrainResult> {
  const { job, split, model, settings } = run;
  const { classes } = split;
  const labelsOf = (images: readonly ImportedImage[]) =>
    images.map((i) => classes.indexOf(i.className));
  const decodeStarted = performance.now();
  const train = await model.inputs(split.split.train, job.signal);
  const validation = await model.inputs(split.split.validation, job.signal);
  const decoded = split.split.train.length + split.split.validation.length;
  const imagesPerSecond = decoded / Math.max((performance.now() - decodeStarted) / 1000, 1e-3);
  run.clock.lap('decode');
  const network = model.build(classes.length, settings.seed);
  try {
    job.onEvent?.({
      type: 'base',
      name: `${model.description} (${network.countParams().toLocaleString('en-US')} parameters)`,
      engine: 'tfjs',
      device: run.backend.trainingBackend,
      ...(run.backend.note ? { fallbackReason: run.backend.note } : {}),
    });
    const validationLabels = labelsOf(split.split.validation);
    const fitted = await fitOnArrays(network, 1, settings.phase1, {
      featureShape: model.inputShape,
      classCount: classes.length,
      train: { features: train, labels: labelsOf(split.split.train) },
      validation:
        validationLabels.length > 0
          ? { features: validation, labels: validationLabels }
          : undefined,
      settings,
      signal: job.signal,
      onEvent: job.onEvent,
    });
    if (fitted.stopped?.reason === 'cancelled') throw scratchCancelled();
    run.clock.lap('train');
    // The saved weights (the epoch fitOnArrays kept) scored by the evaluation every run uses.
    const evaluation =
      validationLabels.length > 0
        ? evaluateImagePredictions(
            predict(network, validation, model.inputShape),
            validationLabels,
            classes,
            split.split.validation.map((i) => i.path),
          )
        : undefined;
    run.clock.lap('evaluate');
    // (transport/cancellation) A cancel before the write stops the run; once the folder is being
    // written, the run answers with it, so the caller is never told "cancelled" about a saved model.
    await commitUnlessAborted(
      job.signal,
      () =>
        writeLayersModel(network, job.out, {
          overwrite: job.overwrite ?? false,
          extraFiles: {
            'metadata.json': JSON.stringify(metadataOf(run, fitted, evaluation), null, 2),
            'labels.txt': `${classes.join('\n')}\n`,
          },
        }),
      scratchCancelled,
    );
    run.clock.lap('write');
    return resultOf(run, fitted, evaluation, imagesPerSecond);
  } finally {
    network.dispose();
  }
}

function predict(network: tf.LayersModel, inputs: Float32Array, shape: number[]): Float32Array {
  const rows = inputs.length / shape.reduce((a, b) => a * b, 1);
  return tf.tidy(
    () =>
      (
        network.predict(tf.tensor(inputs, [rows, ...shape])) as tf.Tensor
      ).dataSync() as Float32Array,
  );
}

function metadataOf(
  run: Run,
  fitted: FitResult,
  evaluation: Evaluation | undefined,
): TrainedModelMetadata {
  return trainedMetadata(
    {
      recipe: 'scratch',
      base: {
        name: run.model.description,
        source: 'random weights',
        kind: 'scratch',
        preprocessing: run.model.preprocessing,
      },
      classes: run.split.classes,
      settings: run.settings,
      dataset: run.job.dataset,
      split: run.split.split,
      backend: run.backend.report,
      clock: run.clock,
    },
    {
      history: fitted.history,
      bestEpoch: fitted.bestEpoch,
      validation: evaluation,
      engine: 'tfjs',
    },
  );
}

function resultOf(
  run: Run,
  fitted: FitResult,
  evaluation: Evaluation | undefined,
  imagesPerSecond: number,
): TrainResult {
  const { split } = run.split;
  return {
    modelDir: run.job.out,
    recipe: 'scratch',
    classes: run.split.classes,
    counts: { train: split.train.length, validation: split.validation.length },
    history: fitted.history,
    bestEpoch: fitted.bestEpoch,
    ...(fitted.stopped ? { stopped: fitted.stopped.message } : {}),
    validation: evaluation,
    validationPaths: split.validation.map((i) => i.path),
    backend: run.backend.report.backend,
    // Nothing is embedded: the images are decoded straight into the network's input.
    embedding: {
      engine: 'tfjs',
      device: run.backend.trainingBackend,
      imagesPerSecond,
      cached: 0,
    },
    timings: run.clock.laps,
  };
}
