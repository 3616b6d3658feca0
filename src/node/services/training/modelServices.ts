import { createHash } from 'node:crypto';
import { AppError } from '../../../common/errors.js';
import type { Evaluation } from '../../../common/evaluation.js';
import { scanSource } from '../dataset/scanner.js';
import { openDatasetSource } from '../dataset/openSource.js';
import { withRecordedImages, type RecordedImages } from '../dataset/recordedImages.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import type { EmbedItem } from '../embedding/embedImages.js';
import type { ResponseOf } from '../../../common/contract/contract.js';
import {
  loadTrainedModel,
  readTrainedModelMetadata,
  type TrainedModel,
} from './loadTrainedModel.js';
import { predictProbabilities, type PredictOptions } from './predictImages.js';
import { evaluateImagePredictions } from './imageEvaluation.js';
import { recordedValidationEvaluation, trainedOnValidationImages } from './recordedValidation.js';
import {
  isDecodeFailure,
  readCheckedImageFile,
  withUndecodableMarked,
  type CheckedImageFile,
  type FileError,
} from './imageFileChecks.js';

type Verdict = Evaluation['misclassified'][number];

/**
 * How a caller follows and stops the work: `signal` stops it between batches of images with
 * CANCELLED (the model is released on the way out); `onProgress` counts the images done.
 */
export type ModelWorkOptions = PredictOptions;

export interface DatasetEvaluation extends Evaluation {
  misclassified: (Verdict & { path: string })[];
  highestLoss: (Verdict & { path: string })[];
  /** Classes in the dataset that the model does not know (their images were not evaluated). */
  skippedClasses: string[];
}

interface LabelledImage {
  path: string;
  className: string;
  sha256: string;
  read(): Promise<Uint8Array>;
}

/** Predicts images of known classes and scores the predictions; verdicts name their image. */
async function evaluateLabelled(
  model: TrainedModel['model'],
  metadata: TrainedModel['metadata'],
  images: readonly LabelledImage[],
  options: ModelWorkOptions,
): Promise<DatasetEvaluation> {
  const { probabilities } = await predictProbabilities(
    model,
    metadata.preprocessing,
    images,
    options,
  );
  const evaluation = evaluateImagePredictions(
    probabilities,
    images.map((i) => metadata.classes.indexOf(i.className)),
    metadata.classes,
    images.map((i) => i.path),
  );
  const withPath = (v: Verdict) => ({ ...v, path: images[v.index]?.path ?? '' });
  return {
    ...evaluation,
    misclassified: evaluation.misclassified.map(withPath),
    highestLoss: evaluation.highestLoss.map(withPath),
    correct: evaluation.correct?.map(withPath),
    skippedClasses: [],
  };
}

/** Runs a trained model on every image of a dataset whose class it knows. */
export async function evaluateModelOnDataset(
  modelDir: string,
  dataset: string,
  options: ModelWorkOptions = {},
): Promise<DatasetEvaluation> {
  // The dataset first: one that cannot be opened must not leave a loaded model behind.
  const source = await openDatasetSource(dataset);
  let trained: TrainedModel | undefined;
  try {
    const report = await scanSource(source, options.signal ? { signal: options.signal } : {});
    trained = await loadTrainedModel(modelDir, options.signal);
    const { model, metadata } = trained;
    const known = report.images.filter((i) => metadata.classes.includes(i.className));
    const skippedClasses = [
      ...new Set(
        report.images
          .filter((i) => !metadata.classes.includes(i.className))
          .map((i) => i.className),
      ),
    ];
    const evaluation = await evaluateLabelled(
      model,
      metadata,
      known.map((i) => ({ ...i, read: () => source.read(i.path) })),
      options,
    );
    return {
      ...evaluation,
      skippedClasses,
    };
  } finally {
    await source.close();
    trained?.model.dispose();
  }
}

/**
 * Runs a trained model again on the validation images it recorded (still on disk), each image's
 * class being the folder it is in: the evaluation of a run from an earlier session. A refit model
 * trained on those images, so they are scored with the validation-phase model's recorded
 * probabilities instead, never re-scored by the saved model as if they were held out.
 */
export async function evaluateValidationImages(
  modelDir: string,
  options: ModelWorkOptions = {},
): Promise<DatasetEvaluation> {
  const { model, metadata } = await loadTrainedModel(modelDir, options.signal);
  try {
    const refs = metadata.validationImages;
    const gone = () =>
      new AppError('NOT_FOUND', 'The validation images of this model are not on disk any more');
    if (!refs) throw gone();
    if (trainedOnValidationImages(metadata))
      return await withRecordedImages(refs.dataset, (recorded) =>
        recordedValidationEvaluation(metadata, recorded, options.signal),
      );
    return await withRecordedImages(refs.dataset, async (recorded) => {
      const known: LabelledImage[] = [];
      for (const path of refs.paths) {
        throwIfAborted(options.signal);
        const className = path.split('/').at(-2) ?? '';
        if (!metadata.classes.includes(className)) continue;
        const data = await recorded.read(path);
        if (!data) continue;
        const sha256 = createHash('sha256').update(data).digest('hex');
        // Read again when embedded, so memory holds a batch of images, not all of them.
        known.push({ path, className, sha256, read: () => readStill(recorded, path) });
      }
      if (known.length === 0) throw gone();
      return await evaluateLabelled(model, metadata, known, options);
    });
  } finally {
    model.dispose();
  }
}

async function readStill(recorded: RecordedImages, path: string): Promise<Uint8Array> {
  const data = await recorded.read(path);
  if (!data) throw new AppError('NOT_FOUND', `${path} vanished while it was being evaluated`);
  return data;
}

export interface ImagePrediction {
  path: string;
  /** The most probable class; empty when `error` is set. */
  prediction: string;
  /** Every class, most probable first; empty when `error` is set. */
  probabilities: { class: string; probability: number }[];
  /** Present when this file could not be classified (the others still were). */
  error?: FileError;
}

/**
 * Classifies image files with a trained model and the preprocessing it was trained with: one
 * result per path, in order. A file that cannot be read or decoded gets an `error` naming it, and
 * the others are still classified; only the model itself or a cancel fails the whole call.
 */
export async function predictImageFiles(
  modelDir: string,
  paths: readonly string[],
  options: ModelWorkOptions = {},
): Promise<ImagePrediction[]> {
  const { model, metadata } = await loadTrainedModel(modelDir, options.signal);
  try {
    const files: CheckedImageFile[] = [];
    for (const path of paths) {
      throwIfAborted(options.signal);
      files.push(await readCheckedImageFile(path));
    }
    const classify = (readable: readonly CheckedImageFile[]) =>
      classifyReadable(model, metadata, readable, options);
    // Decoding every file twice would cost a photo ~15-30 ms more; only a failed batch is
    // looked into file by file, to say which files were at fault and classify the others.
    return await classify(files).catch(async (error: unknown) => {
      if (!isDecodeFailure(error)) throw error;
      return classify(await withUndecodableMarked(files, metadata.preprocessing, options.signal));
    });
  } finally {
    model.dispose();
  }
}

/** Predictions for the files without an error; those with one keep it, in the given order. */
async function classifyReadable(
  model: TrainedModel['model'],
  metadata: TrainedModel['metadata'],
  files: readonly CheckedImageFile[],
  options: ModelWorkOptions,
): Promise<ImagePrediction[]> {
  const readable = files.flatMap((file) => (file.error ? [] : [file.data]));
  const { probabilities } =
    readable.length === 0
      ? { probabilities: new Float32Array() }
      : await predictProbabilities(
          model,
          metadata.preprocessing,
          readable.map(embedItemOf),
          options,
        );
  const ranked = rankEach(probabilities, metadata.classes);
  let next = 0;
  return files.map((file) =>
    file.error
      ? { path: file.path, prediction: '', probabilities: [], error: file.error }
      : predictionOf(file.path, ranked[next++] ?? []),
  );
}

function embedItemOf(data: Uint8Array): EmbedItem {
  return { sha256: createHash('sha256').update(data).digest('hex'), read: async () => data };
}

type Ranked = ImagePrediction['probabilities'];

/** Each row of [n × classes] probabilities as every class, most probable first. */
function rankEach(probabilities: Float32Array, classes: readonly string[]): Ranked[] {
  const rows = probabilities.length / Math.max(classes.length, 1);
  return Array.from({ length: rows }, (_, i) =>
    classes
      .map((name, c) => ({ class: name, probability: probabilities[i * classes.length + c] ?? 0 }))
      .sort((a, b) => b.probability - a.probability),
  );
}

function predictionOf(path: string, ranked: Ranked): ImagePrediction {
  return { path, prediction: ranked[0]?.class ?? '', probabilities: ranked };
}

/**
 * What `model.info` says of an image model folder: its classes, curves and kept epoch, and, when
 * it was refit, that its validation scores are from before the refit (so every screen showing a
 * past run's scores can say so, not only this session's).
 */
export async function trainedModelInfo(modelDir: string): Promise<ResponseOf<'model.info'>> {
  const metadata = await readTrainedModelMetadata(modelDir);
  return {
    classes: metadata.classes,
    history: metadata.history,
    ...(metadata.validation ? { validationAccuracy: metadata.validation.accuracy } : {}),
    base: metadata.base.name,
    ...(metadata.recipe ? { recipe: metadata.recipe } : {}),
    bestEpoch: metadata.bestEpoch,
    createdAt: metadata.createdAt,
    ...(metadata.refit
      ? { refit: { epochs: metadata.refit.epochs, images: metadata.refit.images } }
      : {}),
    ...(metadata.phaseSeconds ? { phaseSeconds: metadata.phaseSeconds } : {}),
  };
}
