import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';

/**
 * Folds `members` — heads of one architecture trained from different seeds — into `into`, a head
 * built with `members.length` times wider hidden layers, so that it computes the members' averaged
 * logits (then the softmax) in one plain stack of Dense layers. Every export, the app's predictions
 * and a later fine-tune then see an ordinary head: no extra layer, no averaging op. Exact, because
 * each member only reaches its own slice of each hidden layer:
 * - the first hidden layer: the members' kernels side by side (outputs concatenated);
 * - further hidden layers: block-diagonal kernels, so member k's units feed only member k's;
 * - the softmax layer: the kernels stacked and divided by the count, the biases averaged (the
 *   mean of the members' logits). A head without hidden layers averages kernels and biases.
 */
export function foldMembers(members: readonly tf.LayersModel[], into: tf.LayersModel): void {
  const count = members.length;
  if (count === 0) throw new AppError('INTERNAL', 'An ensemble needs at least one trained head');
  const dense = into.layers.filter((layer) => layer.getClassName() === 'Dense');
  dense.forEach((layer, index) => {
    const parts = members.map((member) => member.getLayer(layer.name).getWeights());
    const kernels = parts.map(([kernel]) => kernel as tf.Tensor2D);
    const biases = parts.map(([, bias]) => bias as tf.Tensor1D);
    const first = index === 0;
    const last = index === dense.length - 1;
    const folded = tf.tidy(() => {
      if (last) {
        const kernel = first ? tf.addN(kernels) : tf.concat(kernels, 0);
        return [kernel.div(count), tf.addN(biases).div(count)];
      }
      const kernel = first ? tf.concat(kernels, 1) : blockDiagonal(kernels);
      return [kernel, tf.concat(biases, 0)];
    });
    layer.setWeights(folded);
    // getWeights hands out the members' own variables' values: theirs to dispose, not ours.
    tf.dispose(folded);
  });
}

/** The kernels on the diagonal of one larger kernel, zeros elsewhere. */
function blockDiagonal(kernels: readonly tf.Tensor2D[]): tf.Tensor2D {
  const widths = kernels.map((k) => k.shape[1]);
  const total = widths.reduce((a, b) => a + b, 0);
  let before = 0;
  const rows = kernels.map((kernel, k) => {
    const padded = tf.pad(kernel, [
      [0, 0],
      [before, total - before - (widths[k] ?? 0)],
    ]);
    before += widths[k] ?? 0;
    return padded;
  });
  return tf.concat(rows, 0);
}
