import * as tf from '@tensorflow/tfjs';
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

export async function storeOptimizer(optimizer: tf.Optimizer): Promise<StoredTensor[]> {
  const weights = await optimizer.getWeights();
  const stored = weights.map((w) => ({
    name: w.name,
    shape: w.tensor.shape.slice(),
    values: w.tensor.dataSync() as Float32Array,
  }));
  // The moments are the optimizer's own variables; the iteration count is a fresh scalar per call.
  tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  return stored;
}

export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  stored: readonly StoredTensor[],
): Promise<void> {
  const tensors = stored.map((s) => ({
    name: s.name,
    tensor: tf.tensor(s.values, s.shape, 'float32'),
  }));
  await optimizer.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
}
