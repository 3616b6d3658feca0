import { evaluatePredictions, type Evaluation } from '../../../common/evaluation.js';

/**
 * evaluatePredictions on images, one path per row: images of equal loss or confidence (copies,
 * say) are listed by path, as texts are, so the lists do not change with the order the split or
 * the record gave them in.
 */
export function evaluateImagePredictions(
  probabilities: Float32Array | number[],
  labels: readonly number[],
  classes: readonly string[],
  paths: readonly string[],
): Evaluation {
  return evaluatePredictions(probabilities, labels, classes, { keys: paths });
}
