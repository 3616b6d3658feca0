import * as tf from '@tensorflow/tfjs';
import { AppError } from '../../common/errors.js';
import { shuffled, statefulRandom } from '../../common/random.js';
import type {
  EpochMetrics,
  PhaseSettings,
  TrainEvent,
  TrainSettings,
} from '../../common/training.js';
import {
  restoreOptimizer,
  restoreTensors,
  storeOptimizer,
  storeTensors,
  type CheckpointStore,
  type TrainingCheckpoint,
} from './checkpoint.js';

export interface FeatureSet {
  /** Row-major features, [count, ...featureShape]. */
  features: Float32Array;
  labels: number[];
}

export interface FitInput {
  featureShape: number[];
  classCount: number;
  train: FeatureSet;
  validation: FeatureSet | undefined;
  settings: TrainSettings;
  /** Phase 2 continues the epoch numbering of phase 1. Default 1. */
  firstEpoch?: number;
  /**
   * The monitored loss the starting weights already reach (phase 1's best validation loss): an
   * epoch must beat it to be kept, so fine-tuning that only hurts gives back the phase-1 model.
   */
  startingLoss?: number;
  /** The epoch the starting weights come from, reported when no new epoch beats them. */
  startingEpoch?: number;
  /** Saves a checkpoint after every epoch; `resume` continues from one. */
  checkpoints?: { store?: CheckpointStore; resume?: TrainingCheckpoint };
  signal?: AbortSignal;
  onEvent?: (event: TrainEvent) => void;
  /** Clock for throttling and timings (tests inject one). Default performance.now. */
  now?: () => number;
  /** Least milliseconds between two batch events. Default 100. */
  batchEventInterval?: number;
}

export interface FitResult {
  history: EpochMetrics[];
  /** The epoch whose weights the model kept (best validation loss). */
  bestEpoch: number;
  stopped?: Extract<TrainEvent, { type: 'stopped' }>;
}

/**
 * Trains `model` on in-memory arrays (cached features or cached activations). The loop is written
 * out (not model.fit) to shuffle with the run's seed, to stop within one batch when cancelled, and
 * to stop on a non-finite loss keeping the last good weights; the best epoch's weights are kept.
 */
export async function fitOnArrays(
  model: tf.LayersModel,
  phase: 1 | 2,
  phaseSettings: PhaseSettings,
  input: FitInput,
): Promise<FitResult> {
  const { settings } = input;
  const head = model;
  const now = input.now ?? (() => performance.now());
  const firstEpoch = input.firstEpoch ?? 1;
  const adjustable = optimizer(phaseSettings);
  let learningRate = phaseSettings.learningRate;
  let lastReduction = firstEpoch - 1;
  head.compile({
    optimizer: adjustable,
    loss: crossEntropy,
    metrics: ['accuracy'],
  });
  const data = tensors(input);
  const resume = input.checkpoints?.resume;
  const random = statefulRandom(settings.seed, resume?.randomState);
  const history: EpochMetrics[] = resume ? [...resume.history] : [];
  if (resume) {
    const restored = restoreTensors(resume.weights);
    head.setWeights(restored);
    tf.dispose(restored);
    await restoreOptimizer(adjustable, resume.optimizer);
    learningRate = resume.learningRate;
    lastReduction = resume.lastReduction;
    setLearningRate(adjustable, learningRate);
  }
  let lastGood = snapshot(head);
  let best: { loss: number; epoch: number; weights: tf.Tensor[] | undefined } = resume
    ? {
        loss: resume.best.loss,
        epoch: resume.best.epoch,
        weights: resume.best.weights && restoreTensors(resume.best.weights),
      }
    : {
        loss: input.startingLoss ?? Infinity,
        epoch: input.startingEpoch ?? firstEpoch - 1,
        weights: input.startingLoss === undefined ? undefined : snapshot(head),
      };
  let stopped: FitResult['stopped'];
  try {
    const lastEpoch = firstEpoch + phaseSettings.epochs - 1;
    // A phase that early stopping had ended stays ended.
    for (
      let epoch = resume ? (resume.earlyStopped ? lastEpoch + 1 : resume.epoch + 1) : firstEpoch;
      epoch <= lastEpoch && !stopped;
      epoch++
    ) {
      const started = now();
      const order = shuffled(range(input.train.labels.length), random.next);
      const outcome = await runEpoch(
        head,
        data,
        order,
        { epoch, phase, batchSize: phaseSettings.batchSize },
        input,
        now,
      );
      if (outcome.stopped) {
        stopped = outcome.stopped;
        break;
      }
      const validation = validationMetrics(head, data, phaseSettings.batchSize);
      const metrics: EpochMetrics = {
        phase,
        epoch,
        loss: outcome.loss,
        accuracy: outcome.accuracy,
        learningRate,
        seconds: (now() - started) / 1000,
        ...validation,
      };
      history.push(metrics);
      tf.dispose(lastGood);
      lastGood = snapshot(head);
      const monitored = metrics.valLoss ?? metrics.loss;
      if (monitored < best.loss) {
        tf.dispose(best.weights ?? []);
        best = { loss: monitored, epoch, weights: snapshot(head) };
      }
      input.onEvent?.({ type: 'epoch', metrics, etaSeconds: eta(history, phaseSettings.epochs) });
      const patience = settings.reduceLearningRatePatience;
      if (
        patience > 0 &&
        epoch - best.epoch >= patience &&
        epoch - lastReduction >= patience &&
        learningRate > MIN_LEARNING_RATE
      ) {
        learningRate = Math.max(learningRate / 2, MIN_LEARNING_RATE);
        setLearningRate(adjustable, learningRate);
        lastReduction = epoch;
      }
      if (
        settings.earlyStoppingPatience > 0 &&
        epoch - best.epoch >= settings.earlyStoppingPatience
      ) {
        stopped = stop(
          input,
          'early-stopping',
          epoch,
          `validation loss has not improved for ${settings.earlyStoppingPatience} epochs; keeping epoch ${best.epoch}`,
        );
      }
      await input.checkpoints?.store?.save({
        phase,
        epoch,
        randomState: random.state(),
        learningRate,
        lastReduction,
        history: [...history],
        weights: storeTensors(lastGood),
        optimizer: await storeOptimizer(adjustable),
        best: {
          loss: best.loss,
          epoch: best.epoch,
          weights: best.weights && storeTensors(best.weights),
        },
        earlyStopped: stopped?.reason === 'early-stopping',
      });
    }
    // The best epoch's weights; after a non-finite loss, the last good ones.
    const keepLastGood = stopped?.reason === 'not-finite' || !best.weights;
    head.setWeights(keepLastGood ? lastGood : (best.weights ?? lastGood));
    return {
      history,
      bestEpoch: keepLastGood ? (history.at(-1)?.epoch ?? firstEpoch - 1) : best.epoch,
      ...(stopped ? { stopped } : {}),
    };
  } finally {
    // The optimizer's moments are not freed with the model; phase 2 compiles its own.
    head.optimizer.dispose();
    tf.dispose([...lastGood, ...(best.weights ?? [])]);
    tf.dispose([
      data.xTrain,
      data.yTrain,
      ...(data.xVal ? [data.xVal] : []),
      ...(data.yVal ? [data.yVal] : []),
    ]);
  }
}

interface Tensors {
  xTrain: tf.Tensor;
  yTrain: tf.Tensor;
  xVal: tf.Tensor | undefined;
  yVal: tf.Tensor | undefined;
}

function tensors(input: FitInput): Tensors {
  const shape = (n: number) => [n, ...input.featureShape];
  const weights = classWeights(input.train.labels, input.classCount, input.settings.classWeights);
  return tf.tidy(() => {
    const oneHot = (labels: number[]) =>
      tf.oneHot(tf.tensor1d(labels, 'int32'), input.classCount).toFloat();
    // Scaling the one-hot targets by the class weight scales each example's cross-entropy by it.
    const yTrain = oneHot(input.train.labels).mul(tf.tensor1d(weights));
    const validation =
      input.validation && input.validation.labels.length > 0 ? input.validation : undefined;
    return {
      xTrain: tf.tensor(input.train.features, shape(input.train.labels.length)),
      yTrain,
      xVal: validation
        ? tf.tensor(validation.features, shape(validation.labels.length))
        : undefined,
      yVal: validation ? oneHot(validation.labels) : undefined,
    };
  });
}

export function classWeights(
  labels: readonly number[],
  classCount: number,
  mode: TrainSettings['classWeights'],
): number[] {
  if (mode === 'none') return new Array<number>(classCount).fill(1);
  const counts = new Array<number>(classCount).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (classCount * count)));
}

async function runEpoch(
  head: tf.LayersModel,
  data: Tensors,
  order: number[],
  position: { epoch: number; phase: 1 | 2; batchSize: number },
  input: FitInput,
  now: () => number,
): Promise<{ loss: number; accuracy: number; stopped?: Extract<TrainEvent, { type: 'stopped' }> }> {
  const { epoch, phase, batchSize } = position;
  const batches = Math.ceil(order.length / batchSize);
  let lossSum = 0;
  let accuracySum = 0;
  let lastEvent = -Infinity;
  for (let b = 0; b < batches; b++) {
    if (input.signal?.aborted)
      return {
        loss: NaN,
        accuracy: NaN,
        stopped: stop(input, 'cancelled', epoch, 'cancelled by the user'),
      };
    const indices = order.slice(b * batchSize, (b + 1) * batchSize);
    const [x, y] = tf.tidy(() => {
      const picked = tf.tensor1d(indices, 'int32');
      return [tf.gather(data.xTrain, picked), tf.gather(data.yTrain, picked)];
    });
    const [loss, accuracy] = (await head.trainOnBatch(x as tf.Tensor, y as tf.Tensor)) as number[];
    tf.dispose([x, y]);
    if (!Number.isFinite(loss))
      return {
        loss: NaN,
        accuracy: NaN,
        stopped: stop(
          input,
          'not-finite',
          epoch,
          `the loss became ${loss} in epoch ${epoch}; the last good weights are kept (try a lower learning rate)`,
        ),
      };
    lossSum += (loss ?? 0) * indices.length;
    accuracySum += (accuracy ?? 0) * indices.length;
    if (now() - lastEvent >= (input.batchEventInterval ?? 100) || b === batches - 1) {
      lastEvent = now();
      input.onEvent?.({
        type: 'batch',
        phase,
        epoch,
        batch: b + 1,
        batches,
        loss: loss ?? NaN,
        accuracy: accuracy ?? NaN,
      });
    }
  }
  return { loss: lossSum / order.length, accuracy: accuracySum / order.length };
}

function stop(
  input: FitInput,
  reason: Extract<TrainEvent, { type: 'stopped' }>['reason'],
  epoch: number,
  message: string,
): Extract<TrainEvent, { type: 'stopped' }> {
  const event = { type: 'stopped' as const, reason, epoch, message };
  input.onEvent?.(event);
  return event;
}

function validationMetrics(
  head: tf.LayersModel,
  data: Tensors,
  batchSize: number,
): Pick<EpochMetrics, 'valLoss' | 'valAccuracy'> {
  if (!data.xVal || !data.yVal) return {};
  const [loss, accuracy] = tf.tidy(() =>
    (
      head.evaluate(data.xVal as tf.Tensor, data.yVal as tf.Tensor, { batchSize }) as tf.Scalar[]
    ).map((t) => t.dataSync()[0] ?? NaN),
  );
  return { valLoss: loss ?? NaN, valAccuracy: accuracy ?? NaN };
}

/**
 * Cross-entropy on softmax outputs without tfjs' clipping of the probabilities: the clip has a zero
 * gradient, so a class whose probability starts below 1e-7 (large features, unlucky
 * initialisation) could never be learned. Keras avoids this by working from the logits.
 */
export function crossEntropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(yTrue, tf.log(tf.add(yPred, 1e-7))), -1)));
}

const MIN_LEARNING_RATE = 1e-6;

/** tfjs reads an optimizer's learningRate at every step but offers no setter (Keras' ReduceLROnPlateau). */
function setLearningRate(target: tf.Optimizer, value: number): void {
  (target as unknown as { learningRate: number }).learningRate = value;
}

function optimizer(settings: PhaseSettings): tf.Optimizer {
  const { learningRate, optimizer: kind } = settings;
  if (kind === 'adam') return tf.train.adam(learningRate);
  if (kind === 'sgd-momentum') return tf.train.momentum(learningRate, 0.9);
  throw new AppError('INVALID_ARGUMENT', `Unknown optimizer ${String(kind)}`);
}

function snapshot(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => w.clone());
}

function eta(history: EpochMetrics[], epochs: number): number {
  const mean = history.reduce((sum, m) => sum + m.seconds, 0) / history.length;
  return mean * (epochs - history.length);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
