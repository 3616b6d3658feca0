import type * as tf from '../../../engine/tf.js';
import type { ModelFamily } from '../../../common/models.js';
import type { TrainSettings } from '../../../common/training.js';
import type { LaterWork } from '../../../engine/training/callbacks/progress.js';
import type { FeatureSet } from '../../../engine/training/fitOnArrays.js';
import { fineTuningSecondsPerEpoch } from './fineTunePhase.js';
import { refitApplies } from './refitPhase.js';

/** What of a run deciding its later steps: settings, base, classes, images and feature rows. */
export interface LaterWorkRun {
  job: { settings: TrainSettings; signal?: AbortSignal | undefined };
  base: { family: ModelFamily };
  classes: readonly string[];
  split: { train: readonly unknown[]; validation: readonly unknown[] };
}

/**
 * What follows phase 1, for its ETA: fine-tuning, at a pace timed now on its own model, or a
 * refit on the training rows plus the held-out ones (the two never both run). A cancel during
 * the timing rejects with `CANCELLED` before phase 1 starts.
 */
export async function laterWork(
  run: LaterWorkRun,
  embedding: tf.LayersModel,
  features: { train: FeatureSet; heldOut: FeatureSet; embedded: { imagesPerSecond: number } },
): Promise<LaterWork> {
  const { settings } = run.job;
  const images = run.split.train.length + run.split.validation.length;
  if (settings.phase2.epochs > 0) {
    const secondsPerEpoch = await fineTuningSecondsPerEpoch({
      embedding,
      family: run.base.family,
      settings,
      classCount: run.classes.length,
      trainImages: run.split.train.length,
      validationImages: run.split.validation.length,
      signal: run.job.signal,
    });
    // The lower layers cost about what the whole base did in the embedding pass (decoding
    // included): its rate bounds the preparation's.
    const rate = features.embedded.imagesPerSecond;
    const prepSeconds = rate > 0 ? images / rate : 0;
    return { fineTuning: { epochs: settings.phase2.epochs, secondsPerEpoch, prepSeconds } };
  }
  const trainRows = features.train.labels.length;
  if (!refitApplies(settings, run.split.validation.length) || trainRows === 0) return {};
  // The ensemble's head count is not repeated here: trainHead adds it from the settings.
  return { refit: { rowsRatio: (trainRows + features.heldOut.labels.length) / trainRows } };
}
