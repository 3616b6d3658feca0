import { AppError } from '../../../common/errors.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import type { RecordedImages } from '../dataset/recordedImages.js';
import { evaluateImagePredictions } from './imageEvaluation.js';
import type { DatasetEvaluation } from './modelServices.js';

/**
 * Whether the saved model trained on its own validation images (a refit): running it on them
 * again would score images it has seen as if they were held out.
 */
export function trainedOnValidationImages(metadata: TrainedModelMetadata): boolean {
  return metadata.refit !== undefined;
}

/**
 * The validation images of a refit model, scored with the probabilities the validation-phase
 * model gave them before the refit (recorded in `metadata.refit`), for the images still on disk
 * at their recorded paths. These are held-out scores; the saved model's own would not be.
 */
export async function recordedValidationEvaluation(
  metadata: TrainedModelMetadata,
  recorded: RecordedImages,
  signal?: AbortSignal,
): Promise<DatasetEvaluation> {
  const paths = metadata.validationImages?.paths ?? [];
  const probabilities = metadata.refit?.validationProbabilities;
  const classCount = metadata.classes.length;
  if (!probabilities || probabilities.length !== paths.length * classCount)
    throw new AppError(
      'UNSUPPORTED',
      'This model was trained again on its validation images after validation chose its epochs, and its record has no scores from before that, so it has no held-out images left to evaluate on; evaluate it on another folder',
    );
  const kept: { path: string; label: number; row: number }[] = [];
  for (const [row, path] of paths.entries()) {
    throwIfAborted(signal);
    const label = metadata.classes.indexOf(path.split('/').at(-2) ?? '');
    if (label < 0 || !(await recorded.read(path))) continue;
    kept.push({ path, label, row });
  }
  if (kept.length === 0)
    throw new AppError('NOT_FOUND', 'The validation images of this model are not on disk any more');
  const rows = kept.flatMap(({ row }) =>
    probabilities.slice(row * classCount, (row + 1) * classCount),
  );
  const evaluation = evaluateImagePredictions(
    rows,
    kept.map((k) => k.label),
    metadata.classes,
    kept.map((k) => k.path),
  );
  const withPath = <V extends { index: number }>(v: V) => ({
    ...v,
    path: kept[v.index]?.path ?? '',
  });
  return {
    ...evaluation,
    misclassified: evaluation.misclassified.map(withPath),
    highestLoss: evaluation.highestLoss.map(withPath),
    correct: evaluation.correct?.map(withPath),
    skippedClasses: [],
  };
}
