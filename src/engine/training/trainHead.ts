import * as tf from '@tensorflow/tfjs';
import { AppError } from '../../common/errors.js';
import { seededRandom, shuffled } from '../../common/random.js';
import type { EpochMetrics, TrainEvent, TrainSettings } from '../../common/training.js';
import { buildHead } from './head.js';

export interface FeatureSet {
  /** Row-major features, [count, ...featureShape]. */
  features: Float32Array;
  labels: number[];
}

export interface HeadTrainingInput {
  featureShape: number[];
  classCount: number;
  train: FeatureSet;
  validation: FeatureSet | undefined;
  settings: TrainSettings;
  signal?: AbortSignal;
  onEvent?: (event: TrainEvent) => void;
  /** Clock for throttling and timings (tests inject one). Default performance.now. */
  now?: () => number;
  /** Least milliseconds between two batch events. Default 100. */
  batchEventInterval?: number;
}

export interface HeadTrainingResult {
  head: tf.LayersModel;
  history: EpochMetrics[];
  /** The epoch whose weights the head kept (best validation loss). */
  bestEpoch: number;
  stopped?: Extract<TrainEvent, { type: 'stopped' }>;
}

/**
 * Phase 1: trains the head on cached features. Epochs touch only the features, so they take
 * milliseconds. The loop is written out (not model.fit) to shuffle with the run's seed, to stop
 * within one batch when cancelled, and to stop on a non-finite loss keeping the last good weights.
 */
export async function trainHead(input: HeadTrainingInput): Promise<HeadTrainingResult> {
  const { settings, classCount } = input;
  const now = input.now ?? (() => performance.now());
  const head = buildHead(input.featureShape, settings.head, classCount, settings.seed);
  head.compile({
    optimizer: optimizer(settings),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const data = tensors(input);
  const random = seededRandom(settings.seed);
  const history: EpochMetrics[] = [];
  let lastGood = snapshot(head);
  let best: { loss: number; epoch: number; weights: tf.Tensor[] | undefined } = {
    loss: Infinity,
    epoch: 0,
    weights: undefined,
  };
  let stopped: HeadTrainingResult['stopped'];
  try {
    for (let epoch = 1; epoch <= settings.phase1.epochs && !stopped; epoch++) {
      const started = now();
      const outcome = await runEpoch(
        head,
        data,
        shuffled(range(input.train.labels.length), random),
        epoch,
        input,
        now,
      );
      if (outcome.stopped) {
        stopped = outcome.stopped;
        break;
      }
      const validation = validationMetrics(head, data, settings.phase1.batchSize);
      const metrics: EpochMetrics = {
        phase: 1,
        epoch,
        loss: outcome.loss,
        accuracy: outcome.accuracy,
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
      input.onEvent?.({ type: 'epoch', metrics, etaSeconds: eta(history, settings.phase1.epochs) });
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
    }
    // The best epoch's weights; after a non-finite loss, the last good ones.
    const keepLastGood = stopped?.reason === 'not-finite' || !best.weights;
    head.setWeights(keepLastGood ? lastGood : (best.weights ?? lastGood));
    return {
      head,
      history,
      bestEpoch: keepLastGood ? history.length : best.epoch,
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

function tensors(input: HeadTrainingInput): Tensors {
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
  epoch: number,
  input: HeadTrainingInput,
  now: () => number,
): Promise<{ loss: number; accuracy: number; stopped?: Extract<TrainEvent, { type: 'stopped' }> }> {
  const batchSize = input.settings.phase1.batchSize;
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
        phase: 1,
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
  input: HeadTrainingInput,
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

function optimizer(settings: TrainSettings): tf.Optimizer {
  const { learningRate, optimizer: kind } = settings.phase1;
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
