import * as tf from '../tf.js';
import { shuffled, statefulRandom, type StatefulRandom } from '../../common/random.js';
import type {
  EpochMetrics,
  PhaseSettings,
  TrainEvent,
  TrainSettings,
} from '../../common/training.js';
import { BestWeights, snapshot } from './callbacks/bestWeights.js';
import { EarlyStopping } from './callbacks/earlyStopping.js';
import { ProgressEvents, type LaterWork } from './callbacks/progress.js';
import { ReduceLROnPlateau } from './callbacks/reduceLROnPlateau.js';
import {
  restoreOptimizer,
  restoreTensors,
  storeOptimizer,
  storeTensors,
  type CheckpointStore,
  type TrainingCheckpoint,
} from './checkpoint.js';
import {
  createOptimizer,
  crossEntropy,
  disposeTensors,
  trainingTensors,
  type FeatureSet,
  type TrainingTensors,
} from './trainingArrays.js';
import { mixBatch, mixupPlan } from './mixup.js';

export { classWeights, crossEntropy, type FeatureSet } from './trainingArrays.js';

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
  /** What follows this phase (fine-tuning, a refit), so the ETA covers the whole run. */
  later?: LaterWork;
  /** Saves a checkpoint after every epoch; `resume` continues from one. */
  checkpoints?: { store?: CheckpointStore; resume?: TrainingCheckpoint };
  signal?: AbortSignal;
  onEvent?: (event: TrainEvent) => void;
  /** Clock for throttling and timings (tests inject one). Default performance.now. */
  now?: () => number;
  /** Least milliseconds between two batch events. Default 100. */
  batchEventInterval?: number;
  /**
   * A refit's schedule: one learning rate per epoch, as the validation phase used them. The phase
   * then runs exactly these epochs, without early stopping or plateau halving, and keeps the last
   * epoch's weights (there is no validation loss to choose another by).
   */
  replayedLearningRates?: readonly number[];
}

type Stopped = Extract<TrainEvent, { type: 'stopped' }>;

export interface FitResult {
  history: EpochMetrics[];
  /** The epoch whose weights the model kept (best validation loss). */
  bestEpoch: number;
  stopped?: Stopped;
}

/** Everything one phase's loop holds: the model, its data, and the callbacks composed around it. */
interface Loop {
  model: tf.LayersModel;
  phase: 1 | 2;
  batchSize: number;
  data: TrainingTensors;
  optimizer: tf.Optimizer;
  random: StatefulRandom;
  history: EpochMetrics[];
  best: BestWeights;
  schedule: ReduceLROnPlateau;
  earlyStopping: EarlyStopping;
  progress: ProgressEvents;
  /** The weights after the last finished epoch: kept when the loss turns NaN. */
  lastGood: tf.Tensor[];
  input: FitInput;
  now: () => number;
}

/**
 * Trains `model` on in-memory arrays (cached features or cached activations). The loop is written
 * out (not model.fit) to shuffle with the run's seed, to stop within one batch when cancelled, and
 * to stop on a non-finite loss keeping the last good weights. Around it, as in Keras, sit small
 * callbacks: the best weights (restored at the end), early stopping, the learning-rate schedule,
 * progress events, and a checkpoint after every epoch from which `resume` continues exactly.
 */
export async function fitOnArrays(
  model: tf.LayersModel,
  phase: 1 | 2,
  phaseSettings: PhaseSettings,
  input: FitInput,
): Promise<FitResult> {
  const loop = startLoop(model, phase, phaseSettings, input);
  try {
    if (input.checkpoints?.resume) await restore(loop, input.checkpoints.resume);
    const firstEpoch = input.firstEpoch ?? 1;
    const lastEpoch = firstEpoch + phaseSettings.epochs - 1;
    const resume = input.checkpoints?.resume;
    // A phase that early stopping had ended stays ended.
    const from = resume ? (resume.earlyStopped ? lastEpoch + 1 : resume.epoch + 1) : firstEpoch;
    let stopped: Stopped | undefined;
    for (let epoch = from; epoch <= lastEpoch && !stopped; epoch++) {
      const outcome = await runEpoch(loop, epoch, phaseSettings.epochs);
      stopped = outcome.stopped;
      if (outcome.finished) await saveCheckpoint(loop, epoch, stopped);
    }
    // The best epoch's weights; after a non-finite loss or in a replayed schedule, the last good ones.
    const keepLastGood =
      stopped?.reason === 'not-finite' || !loop.best.weights || !!input.replayedLearningRates;
    model.setWeights(keepLastGood ? loop.lastGood : (loop.best.weights ?? loop.lastGood));
    return {
      history: loop.history,
      bestEpoch: keepLastGood ? (loop.history.at(-1)?.epoch ?? firstEpoch - 1) : loop.best.epoch,
      ...(stopped ? { stopped } : {}),
    };
  } finally {
    // The optimizer's moments are not freed with the model; phase 2 compiles its own.
    model.optimizer.dispose();
    tf.dispose(loop.lastGood);
    loop.best.dispose();
    disposeTensors(loop.data);
  }
}

function startLoop(
  model: tf.LayersModel,
  phase: 1 | 2,
  phaseSettings: PhaseSettings,
  input: FitInput,
): Loop {
  const replayed = input.replayedLearningRates;
  const settings: TrainSettings = replayed
    ? { ...input.settings, earlyStoppingPatience: 0, reduceLearningRatePatience: 0 }
    : input.settings;
  const firstEpoch = input.firstEpoch ?? 1;
  const optimizer = createOptimizer(phaseSettings);
  model.compile({ optimizer, loss: crossEntropy, metrics: ['accuracy'] });
  const now = input.now ?? (() => performance.now());
  const best = new BestWeights(model, {
    loss: input.startingLoss ?? Infinity,
    epoch: input.startingEpoch ?? firstEpoch - 1,
    keepStart: input.startingLoss !== undefined,
  });
  return {
    model,
    phase,
    batchSize: phaseSettings.batchSize,
    data: trainingTensors(input),
    optimizer,
    random: statefulRandom(settings.seed, input.checkpoints?.resume?.randomState),
    history: [],
    best,
    schedule: new ReduceLROnPlateau(optimizer, settings.reduceLearningRatePatience, best, {
      learningRate: phaseSettings.learningRate,
      lastReduction: firstEpoch - 1,
    }),
    earlyStopping: new EarlyStopping(settings.earlyStoppingPatience, best, firstEpoch),
    progress: new ProgressEvents(input.onEvent, now, input.batchEventInterval ?? 100),
    lastGood: snapshot(model),
    input,
    now,
  };
}

/** Puts back everything a checkpoint holds, so the loop continues as if it had never stopped. */
async function restore(loop: Loop, checkpoint: TrainingCheckpoint): Promise<void> {
  const weights = restoreTensors(checkpoint.weights);
  loop.model.setWeights(weights);
  tf.dispose(weights);
  await restoreOptimizer(loop.optimizer, checkpoint.optimizer);
  loop.history.push(...checkpoint.history);
  loop.schedule = new ReduceLROnPlateau(
    loop.optimizer,
    loop.input.settings.reduceLearningRatePatience,
    loop.best,
    { learningRate: checkpoint.learningRate, lastReduction: checkpoint.lastReduction },
  );
  loop.best.dispose();
  loop.best.loss = checkpoint.best.loss;
  loop.best.epoch = checkpoint.best.epoch;
  loop.best.weights = checkpoint.best.weights && restoreTensors(checkpoint.best.weights);
  tf.dispose(loop.lastGood);
  loop.lastGood = snapshot(loop.model);
}

/** One epoch: its batches, validation, and the callbacks' turn. */
async function runEpoch(
  loop: Loop,
  epoch: number,
  epochs: number,
): Promise<{ finished: boolean; stopped?: Stopped }> {
  const started = loop.now();
  const replayed = loop.input.replayedLearningRates?.[epoch - (loop.input.firstEpoch ?? 1)];
  if (replayed !== undefined) loop.schedule.replay(replayed);
  const order = shuffled(range(loop.input.train.labels.length), loop.random.next);
  const trained = await trainBatches(loop, epoch, order);
  if ('stopped' in trained) return { finished: false, stopped: trained.stopped };
  const metrics: EpochMetrics = {
    phase: loop.phase,
    epoch,
    ...trained,
    learningRate: loop.schedule.learningRate,
    seconds: (loop.now() - started) / 1000,
    ...validationMetrics(loop.model, loop.data, loop.batchSize),
  };
  loop.history.push(metrics);
  tf.dispose(loop.lastGood);
  loop.lastGood = snapshot(loop.model);
  loop.best.observe(epoch, metrics.valLoss ?? metrics.loss);
  loop.progress.epoch(metrics, loop.history, epochs, loop.input.later);
  loop.schedule.onEpochEnd(epoch);
  const why = loop.earlyStopping.shouldStop(epoch);
  return {
    finished: true,
    ...(why ? { stopped: stop(loop.input, 'early-stopping', epoch, why) } : {}),
  };
}

async function trainBatches(
  loop: Loop,
  epoch: number,
  order: number[],
): Promise<{ loss: number; accuracy: number } | { stopped: Stopped }> {
  const batches = Math.ceil(order.length / loop.batchSize);
  let lossSum = 0;
  let accuracySum = 0;
  for (let b = 0; b < batches; b++) {
    // trainOnBatch on the cpu and wasm backends resolves without a turn of the event loop, so a
    // cancel (a message) would wait for the whole fit; nextFrame is setImmediate in Node.
    await tf.nextFrame();
    if (loop.input.signal?.aborted)
      return { stopped: stop(loop.input, 'cancelled', epoch, 'cancelled by the user') };
    const indices = order.slice(b * loop.batchSize, (b + 1) * loop.batchSize);
    const [loss, accuracy] = await trainOnBatch(loop, indices);
    if (!Number.isFinite(loss))
      return {
        stopped: stop(
          loop.input,
          'not-finite',
          epoch,
          `the loss became ${loss} in epoch ${epoch}; the last good weights are kept (try a lower learning rate)`,
        ),
      };
    lossSum += loss * indices.length;
    accuracySum += accuracy * indices.length;
    loop.progress.batch({ phase: loop.phase, epoch, batch: b + 1, batches, loss, accuracy });
  }
  return { loss: lossSum / order.length, accuracy: accuracySum / order.length };
}

async function trainOnBatch(loop: Loop, indices: number[]): Promise<[number, number]> {
  const picked = rowsOf(loop.input.train.features, loop.input.featureShape, indices);
  const targets = tf.tidy(() => tf.gather(loop.data.yTrain, tf.tensor1d(indices, 'int32')));
  // Mixup blends the head's inputs only: fine-tuning trains on activations, not on features.
  const alpha = loop.phase === 1 ? (loop.input.settings.mixup ?? 0) : 0;
  const [x, y] =
    alpha > 0
      ? mixBatch(picked, targets, mixupPlan(indices.length, alpha, loop.random.next))
      : [picked, targets];
  if (x !== picked) tf.dispose([picked, targets]);
  try {
    const [loss, accuracy] = (await loop.model.trainOnBatch(x, y)) as number[];
    return [loss ?? NaN, accuracy ?? NaN];
  } finally {
    tf.dispose([x, y]);
  }
}

/**
 * The rows `indices` of row-major `features` as one batch, copied in JS: on the cpu and wasm
 * backends that is 2–5× faster than tf.gather on a wide array (32 rows of a 1,000 × 5,000 bag of
 * words), and the training set is not held a second time as a tensor.
 */
function rowsOf(features: Float32Array, rowShape: number[], indices: number[]): tf.Tensor {
  const size = rowShape.reduce((product, n) => product * n, 1);
  const batch = new Float32Array(indices.length * size);
  indices.forEach((row, i) => batch.set(features.subarray(row * size, (row + 1) * size), i * size));
  return tf.tensor(batch, [indices.length, ...rowShape]);
}

/** The checkpoint after a finished epoch: the loop's whole state, callbacks included. */
async function saveCheckpoint(loop: Loop, epoch: number, stopped: Stopped | undefined) {
  const store = loop.input.checkpoints?.store;
  if (!store) return;
  await store.save({
    phase: loop.phase,
    epoch,
    randomState: loop.random.state(),
    ...loop.schedule.saved,
    history: [...loop.history],
    weights: storeTensors(loop.lastGood),
    optimizer: await storeOptimizer(loop.optimizer),
    best: {
      loss: loop.best.loss,
      epoch: loop.best.epoch,
      weights: loop.best.weights && storeTensors(loop.best.weights),
    },
    earlyStopped: stopped?.reason === 'early-stopping',
  });
}

function stop(input: FitInput, reason: Stopped['reason'], epoch: number, message: string): Stopped {
  const event = { type: 'stopped' as const, reason, epoch, message };
  input.onEvent?.(event);
  return event;
}

function validationMetrics(
  model: tf.LayersModel,
  data: TrainingTensors,
  batchSize: number,
): Pick<EpochMetrics, 'valLoss' | 'valAccuracy'> {
  if (!data.xVal || !data.yVal) return {};
  const [loss, accuracy] = tf.tidy(() =>
    (
      model.evaluate(data.xVal as tf.Tensor, data.yVal as tf.Tensor, { batchSize }) as tf.Scalar[]
    ).map((t) => t.dataSync()[0] ?? NaN),
  );
  return { valLoss: loss ?? NaN, valAccuracy: accuracy ?? NaN };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
