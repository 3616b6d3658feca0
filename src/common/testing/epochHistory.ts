import type { EpochMetrics } from '../training.js';

/**
 * Phase-1 epochs 1…`epochs`, `seconds` each, as a run's history records them: the loss falls as
 * 1/epoch, the accuracies stay put. For tests of what a run's time or curve shows.
 */
export function epochHistory(epochs: number, seconds: number): EpochMetrics[] {
  return Array.from({ length: epochs }, (_, i) => ({
    phase: 1,
    epoch: i + 1,
    loss: 1 / (i + 1),
    accuracy: 0.6,
    valLoss: 1 / (i + 1),
    valAccuracy: 0.7,
    learningRate: 3e-3,
    seconds,
  }));
}
