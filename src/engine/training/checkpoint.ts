import * as tf from '../tf.js';
import type { EpochMetrics } from '../../common/training.js';

export interface StoredTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * Everything the training loop needs to continue after the last finished epoch as if it had
 * never stopped: weights, optimizer moments, the shuffle generator's state, the learning-rate
 * schedule, the best epoch so far and the history.
 */
export interface TrainingCheckpoint {
  phase: 1 | 2;
  /** The last epoch that finished. */
  epoch: number;
  randomState: number;
  learningRate: number;
  lastReduction: number;
  history: EpochMetrics[];
  weights: StoredTensor[];
  optimizer: StoredTensor[];
  best: { loss: number; epoch: number; weights: StoredTensor[] | undefined };
  /** Early stopping had already ended the phase: a resume only restores the result. */
  earlyStopped?: boolean;
}

/** Where checkpoints go (a folder on disk in the app, memory in tests). */
export interface CheckpointStore {
  save(checkpoint: TrainingCheckpoint): Promise<void>;
}

export function storeTensors(
  tensors: readonly tf.Tensor[],
  names?: readonly string[],
): StoredTensor[] {
  return tensors.map((t, i) => ({
    name: names?.[i] ?? `w${i}`,
    shape: t.shape.slice(),
    values: t.dataSync() as Float32Array,
  }));
}

export function restoreTensors(stored: readonly StoredTensor[]): tf.Tensor[] {
  return stored.map((s) => tf.tensor(s.values, s.shape, 'float32'));
}

/**
 * Adam keeps β₁ᵗ and β₂ᵗ as running products, but its setWeights recomputes them with pow(), which
 * differs in the last float32 bits; a resumed run would drift from the uninterrupted one. They are
 * stored beside the optimizer's own weights under these names and put back exactly.
 */
const RUNNING_PRODUCTS = ['accBeta1', 'accBeta2'] as const;
const PRODUCT_PREFIX = 'transfer-studio/';

function runningProducts(optimizer: tf.Optimizer): { name: string; variable: tf.Variable }[] {
  const fields = optimizer as unknown as Record<string, unknown>;
  return RUNNING_PRODUCTS.flatMap((name) => {
    const variable = fields[name];
    return variable instanceof tf.Variable ? [{ name: PRODUCT_PREFIX + name, variable }] : [];
  });
}

export async function storeOptimizer(optimizer: tf.Optimizer): Promise<StoredTensor[]> {
  const weights = await optimizer.getWeights();
  const stored = weights.map((w) => ({
    name: w.name,
    shape: w.tensor.shape.slice(),
    values: w.tensor.dataSync() as Float32Array,
  }));
  // The moments are the optimizer's own variables; the iteration count is a fresh scalar per call.
  tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  const products = runningProducts(optimizer).map(({ name, variable }) => ({
    name,
    shape: variable.shape.slice(),
    values: variable.dataSync() as Float32Array,
  }));
  return [...stored, ...products];
}

export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  stored: readonly StoredTensor[],
): Promise<void> {
  const own = stored.filter((s) => !s.name.startsWith(PRODUCT_PREFIX));
  const tensors = own.map((s) => ({
    name: s.name,
    tensor: tf.tensor(s.values, s.shape, 'float32'),
  }));
  await optimizer.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
  for (const { name, variable } of runningProducts(optimizer)) {
    const saved = stored.find((s) => s.name === name);
    if (!saved) continue;
    const value = tf.tensor(saved.values, saved.shape, 'float32');
    variable.assign(value);
    value.dispose();
  }
}
