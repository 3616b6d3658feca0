import type * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';

/**
 * Copies weights into a model by their Keras names (`Conv1/kernel`, `bn_Conv1/gamma`, …), which is
 * how Keras .h5 files, TF.js exports and Teachable Machine models name them. Every model weight
 * must be found with the right shape; weights the model has no place for are returned (an old
 * classification head, for example).
 */
export function assignWeightsByName(
  model: tf.LayersModel,
  weights: tf.NamedTensorMap,
): { unused: string[] } {
  const problems: string[] = [];
  const used = new Set<string>();
  const updates: [tf.layers.Layer, tf.Tensor[]][] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((variable) => {
      const tensor = weights[variable.originalName];
      if (!tensor) {
        problems.push(`missing ${variable.originalName}`);
      } else if (!sameShape(tensor.shape, variable.shape)) {
        problems.push(
          `${variable.originalName} is [${tensor.shape.join(', ')}], expected [${variable.shape.join(', ')}]`,
        );
      }
      used.add(variable.originalName);
      return tensor;
    });
    if (values.every((v): v is tf.Tensor => v !== undefined)) updates.push([layer, values]);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join('; ');
    const more = problems.length > 8 ? ` and ${problems.length - 8} more` : '';
    throw new AppError(
      'INVALID_ARGUMENT',
      `The weights do not fit ${model.name}: ${shown}${more}`,
      { problems },
    );
  }
  for (const [layer, values] of updates) layer.setWeights(values);
  return { unused: Object.keys(weights).filter((name) => !used.has(name)) };
}

/** Whether every weight of `model` is present in `shapes` with the same shape. */
export function weightsFit(
  model: tf.LayersModel,
  shapes: ReadonlyMap<string, readonly number[]>,
): boolean {
  return model.weights.every((variable) => {
    const shape = shapes.get(variable.originalName);
    return shape !== undefined && sameShape(shape, variable.shape);
  });
}

function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
