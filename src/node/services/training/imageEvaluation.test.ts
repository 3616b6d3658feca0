import { describe, expect, it } from 'vitest';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { testTrainedModelMetadata } from '../../testing/trainedModels.js';
import { evaluateImagePredictions } from './imageEvaluation.js';
import { recordedValidationEvaluation } from './recordedValidation.js';

const CLASSES = ['cat', 'dog'];
/** Two copies of one cat photo, both taken for a dog (equal loss), and a cat seen right. */
const images = [
  { path: 'cat/copy-b.jpg', probabilities: [0.3, 0.7] },
  { path: 'cat/plain.jpg', probabilities: [0.9, 0.1] },
  { path: 'cat/copy-a.jpg', probabilities: [0.3, 0.7] },
];

/** The paths of a list of verdicts, each verdict naming its row of `order`. */
const pathsOf = (verdicts: readonly { index: number }[], order: readonly { path: string }[]) =>
  verdicts.map((v) => order[v.index]?.path);

describe('the verdict lists of an image evaluation', () => {
  it('list mistakes of equal loss by path, whatever order the images came in', () => {
    for (const order of [images, [...images].reverse()]) {
      const evaluation = evaluateImagePredictions(
        order.flatMap((i) => i.probabilities),
        order.map(() => 0),
        CLASSES,
        order.map((i) => i.path),
      );
      expect(pathsOf(evaluation.misclassified, order)).toEqual([
        'cat/copy-a.jpg',
        'cat/copy-b.jpg',
      ]);
      expect(pathsOf(evaluation.highestLoss, order).slice(0, 2)).toEqual([
        'cat/copy-a.jpg',
        'cat/copy-b.jpg',
      ]);
    }
  });

  it('do so for a refit model’s recorded validation scores too', async () => {
    for (const order of [images, [...images].reverse()]) {
      const metadata: TrainedModelMetadata = {
        ...testTrainedModelMetadata({ size: 96, classes: CLASSES }),
        validationImages: { dataset: '/d/pets', paths: order.map((i) => i.path) },
        refit: {
          epochs: 4,
          images: 12,
          message: 'refit on all images',
          validationProbabilities: order.flatMap((i) => i.probabilities),
        },
      };
      const everyImageThere = { read: async () => new Uint8Array(1), close: async () => {} };
      const evaluation = await recordedValidationEvaluation(metadata, everyImageThere);
      expect(evaluation.misclassified.map((v) => v.path)).toEqual([
        'cat/copy-a.jpg',
        'cat/copy-b.jpg',
      ]);
    }
  });
});
