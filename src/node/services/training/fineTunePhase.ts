import * as tf from '../../../engine/tf.js';
import type { ImportedImage } from '../../../common/dataset.js';
import type { ModelFamily } from '../../../common/models.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import type {
  EpochMetrics,
  FineTuningOutcome,
  TrainEvent,
  TrainSettings,
} from '../../../common/training.js';
import { FINE_TUNING_KEPT_BEFORE } from '../../../engine/training/callbacks/earlyStopping.js';
import { copyWeightsByLayerName, splitAtFreezeLine } from '../../../engine/training/fineTune.js';
import type { CheckpointStore, TrainingCheckpoint } from '../../../engine/training/checkpoint.js';
import { applyHead, attachHead } from '../../../engine/training/head.js';
import { fitOnArrays, type FitResult } from '../../../engine/training/fitOnArrays.js';
import { createOptimizer, crossEntropy } from '../../../engine/training/trainingArrays.js';
import { AppError } from '../../../common/errors.js';
import type { DatasetSource } from '../dataset/source.js';
import { embedSplit } from './embedSplit.js';

export interface FineTuneInput {
  embedding: tf.LayersModel;
  head: tf.LayersModel;
  family: ModelFamily;
  settings: TrainSettings;
  classes: string[];
  train: ImportedImage[];
  validation: ImportedImage[];
  labels: { train: number[]; validation: number[] };
  source: DatasetSource;
  preprocessing: Preprocessing;
  cacheDir: string;
  /** Phase 1's history: phase 2 numbers its epochs on and must beat its best validation loss. */
  phase1: EpochMetrics[];
  /** The phase-1 epoch whose weights the head kept. */
  phase1BestEpoch: number;
  engine?: 'auto' | 'onnxruntime' | 'tfjs' | undefined;
  checkpoints?: { store?: CheckpointStore; resume?: TrainingCheckpoint };
  signal?: AbortSignal | undefined;
  onEvent?: ((event: TrainEvent) => void) | undefined;
}

export interface FineTuneResult extends FitResult {
  /** Validation probabilities of the fine-tuned model ([n × classes]). */
  validationProbabilities: Float32Array | undefined;
  cutLayer: string;
  activationsPerSecond: number;
}

/**
 * Phase 2: the layers above the freeze line train, at a low learning rate, on activations cached
 * at the line. The fine-tuned weights go back into the base and the head when it ends; if no
 * epoch beats phase 1's validation loss, phase 1's model stays.
 */
export async function fineTune(input: FineTuneInput): Promise<FineTuneResult> {
  const split = splitAtFreezeLine(input.embedding, input.family, input.settings);
  const lower = tf.model({
    inputs: input.embedding.inputs,
    outputs: input.embedding.getLayer(split.cutLayer).output as tf.SymbolicTensor,
  });
  const activations = await embedSplit({
    model: lower,
    images: [...input.train, ...input.validation],
    source: input.source,
    preprocessing: input.preprocessing,
    cacheDir: input.cacheDir,
    view: `cut:${split.cutLayer}`,
    engine: input.engine,
    signal: input.signal,
    onEvent: input.onEvent,
  });
  const model = attachHead(split.upper, input.head, input.settings.head, input.classes.length);
  try {
    const size = split.cutShape.reduce((a, b) => a * b, 1);
    const trainRows = input.train.length * size;
    const validation =
      input.validation.length > 0
        ? { features: activations.values.subarray(trainRows), labels: input.labels.validation }
        : undefined;
    const losses = input.phase1.map((m) => m.valLoss ?? m.loss);
    const fitted = await fitOnArrays(model, 2, input.settings.phase2, {
      featureShape: split.cutShape,
      classCount: input.classes.length,
      train: { features: activations.values.subarray(0, trainRows), labels: input.labels.train },
      validation,
      settings: input.settings,
      firstEpoch: (input.phase1.at(-1)?.epoch ?? 0) + 1,
      ...(losses.length > 0
        ? { startingLoss: Math.min(...losses), startingEpoch: input.phase1BestEpoch }
        : {}),
      signal: input.signal,
      onEvent: input.onEvent,
      ...(input.checkpoints ? { checkpoints: input.checkpoints } : {}),
    });
    copyWeightsByLayerName(model, input.embedding, input.head);
    const validationProbabilities = validation
      ? tf.tidy(
          () =>
            (
              model.predict(
                tf.tensor(validation.features, [input.validation.length, ...split.cutShape]),
              ) as tf.Tensor
            ).dataSync() as Float32Array,
        )
      : undefined;
    return {
      ...fitted,
      validationProbabilities,
      cutLayer: split.cutLayer,
      activationsPerSecond: activations.imagesPerSecond,
    };
  } finally {
    model.dispose();
  }
}

export interface FineTuningPaceInput {
  embedding: tf.LayersModel;
  family: ModelFamily;
  settings: TrainSettings;
  classCount: number;
  trainImages: number;
  validationImages: number;
  /** Clock in milliseconds (tests inject one). Default performance.now. */
  now?: () => number;
  /** A cancel stops the timing between its steps (each a batch of the fine-tuning model). */
  signal?: AbortSignal | undefined;
}

/**
 * Seconds one fine-tuning epoch is expected to take, timed before phase 1 on the model phase 2
 * trains (the layers above the freeze line, and a head): one batch of activations trained and
 * predicted, scaled to the training and validation images. An untimed batch goes first, since a
 * model's first step also sets up its kernels and weights' gradients.
 */
export async function fineTuningSecondsPerEpoch(input: FineTuningPaceInput): Promise<number> {
  const { settings, classCount } = input;
  const split = splitAtFreezeLine(input.embedding, input.family, settings);
  const features = split.upper.outputs[0] as tf.SymbolicTensor;
  const model = tf.model({
    inputs: split.upper.inputs,
    outputs: applyHead(features, settings.head, classCount, settings.seed),
  });
  const optimizer = createOptimizer(settings.phase2);
  model.compile({ optimizer, loss: crossEntropy });
  const rows = Math.max(1, Math.min(settings.phase2.batchSize, input.trainImages));
  const x = tf.zeros([rows, ...split.cutShape]);
  const y = tf.tidy(() => tf.oneHot(tf.zeros([rows], 'int32'), classCount));
  const now = input.now ?? (() => performance.now());
  try {
    // Each step is one batch through the unfrozen blocks: seconds on a large base.
    stopIfCancelled(input.signal);
    await model.trainOnBatch(x, y);
    const started = now();
    stopIfCancelled(input.signal);
    await model.trainOnBatch(x, y);
    const trained = now();
    stopIfCancelled(input.signal);
    const predicted = model.predict(x) as tf.Tensor;
    await predicted.data();
    predicted.dispose();
    const perRow = { train: (trained - started) / rows, predict: (now() - trained) / rows };
    const ms = perRow.train * input.trainImages + perRow.predict * input.validationImages;
    return Math.max(0, ms / 1000);
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

function stopIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AppError(
      'CANCELLED',
      'Training was cancelled while timing fine-tuning, before phase 1; no model was written',
    );
}

/**
 * What phase 2 did, said plainly: the fine-tuned model is kept only when one of its epochs beat
 * phase 1's validation loss (its best epoch is then a phase-2 epoch).
 */
export function fineTuningOutcome(
  tuned: FitResult,
  epochsAsked: number,
  phase1: readonly EpochMetrics[],
): FineTuningOutcome {
  const firstEpoch = (phase1.at(-1)?.epoch ?? 0) + 1;
  const improved = tuned.bestEpoch >= firstEpoch;
  const epochsRun = tuned.history.length;
  const stoppedEarly = tuned.stopped?.reason === 'early-stopping';
  const ran = `${epochsRun} of ${epochsAsked} fine-tuning epochs ran${stoppedEarly ? ' (early stopping ended it)' : ''}`;
  return {
    epochsAsked,
    epochsRun,
    stoppedEarly,
    improved,
    message: improved
      ? `${ran}; fine-tuning improved the validation loss; the model from epoch ${tuned.bestEpoch} is kept`
      : `${ran}; ${FINE_TUNING_KEPT_BEFORE}`,
  };
}
