import { AppError } from '../../../common/errors.js';
import {
  classifyImageFiles,
  findImageClassifier,
  loadImageClassifier,
  type Guess,
  type ImageClassifier,
} from '../../services/models/imagenetClassifier.js';
import { packStoreDirs } from '../../services/models/packStore.js';
import { openDatasetSource } from '../../services/dataset/openSource.js';

export interface PretrainedGuesses {
  /** The network that made the guesses (the bundled MobileNet V1 with its ImageNet classes). */
  model: string;
  results: { path: string; guesses: Guess[] }[];
}

/**
 * What a pretrained network sees in images, before any transfer learning: its own ImageNet
 * guesses. The classifier (10 MB of weights) is loaded on the first question and kept.
 */
export function pretrainedGuessService(
  env: Record<string, string | undefined>,
): (
  images: readonly string[],
  top: number,
  dataset?: string,
  signal?: AbortSignal,
) => Promise<PretrainedGuesses> {
  let classifier: Promise<ImageClassifier> | undefined;
  const load = async (): Promise<ImageClassifier> => {
    const path = await findImageClassifier(packStoreDirs(env));
    if (!path)
      throw new AppError(
        'NOT_FOUND',
        'No model pack with its ImageNet classes is installed (the app bundles MobileNet V1 0.75).',
        { missing: 'imagenet-classifier' },
      );
    return loadImageClassifier(path);
  };
  return async (images, top, dataset, signal) => {
    classifier ??= load();
    // A failed load is not kept: the next question tries again.
    const loaded = await classifier.catch((error: unknown) => {
      classifier = undefined;
      throw error;
    });
    // Paths inside a dataset (the Data screen's images) are read through it, a zip's too.
    const source = dataset === undefined ? undefined : await openDatasetSource(dataset);
    const guesses = await classifyImageFiles(loaded, images, top, {
      read: source?.read.bind(source),
      signal,
    }).finally(() => source?.close());
    return {
      model: loaded.name,
      results: images.map((path, i) => ({ path, guesses: guesses[i] ?? [] })),
    };
  };
}
