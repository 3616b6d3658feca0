import { AppError } from '../../../common/errors.js';
import {
  classifyImageFiles,
  findImageClassifier,
  loadImageClassifier,
  type Guess,
  type ImageClassifier,
} from '../../services/models/imagenetClassifier.js';
import { packStoreDirs } from '../../services/models/packStore.js';

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
): (images: readonly string[], top: number) => Promise<PretrainedGuesses> {
  let classifier: Promise<ImageClassifier> | undefined;
  const load = async (): Promise<ImageClassifier> => {
    const path = await findImageClassifier(packStoreDirs(env));
    if (!path)
      throw new AppError(
        'NOT_FOUND',
        'No model pack with its ImageNet classes is installed (the app bundles MobileNet V1 0.75).',
      );
    return loadImageClassifier(path);
  };
  return async (images, top) => {
    classifier ??= load();
    // A failed load is not kept: the next question tries again.
    const loaded = await classifier.catch((error: unknown) => {
      classifier = undefined;
      throw error;
    });
    const guesses = await classifyImageFiles(loaded, images, top);
    return {
      model: loaded.name,
      results: images.map((path, i) => ({ path, guesses: guesses[i] ?? [] })),
    };
  };
}
