import * as tf from '../../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics, TrainEvent } from '../../../common/training.js';
import { BestWeights } from './bestWeights.js';
import { EarlyStopping } from './earlyStopping.js';
import { eta, ProgressEvents } from './progress.js';
import { MIN_LEARNING_RATE, ReduceLROnPlateau } from './reduceLROnPlateau.js';

function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 2, inputShape: [3], kernelInitializer: 'ones' }));
  return model;
}

const setKernel = (model: tf.LayersModel, value: number) =>
  model.layers[0]?.setWeights([tf.fill([3, 2], value), tf.zeros([2])]);
const kernel = (weights: tf.Tensor[] | undefined) => weights?.[0]?.dataSync()[0];

describe('training callbacks, each on its own', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('BestWeights keeps a copy of the best epoch, and only a strictly better loss replaces it', () => {
    const model = tinyModel();
    const best = new BestWeights(model, { loss: Infinity, epoch: 0 });
    expect(best.weights).toBeUndefined();
    setKernel(model, 2);
    expect(best.observe(1, 0.5)).toBe(true);
    setKernel(model, 3);
    expect(best.observe(2, 0.5)).toBe(false);
    expect(best.observe(3, 0.7)).toBe(false);
    expect([best.epoch, best.loss, kernel(best.weights)]).toEqual([1, 0.5, 2]);
    expect(best.epochsSince(3)).toBe(2);
    best.dispose();
    model.dispose();
  });

  it('BestWeights can start from the weights it was given (fine-tuning must beat phase 1)', () => {
    const model = tinyModel();
    const best = new BestWeights(model, { loss: 0.3, epoch: 20, keepStart: true });
    setKernel(model, 5);
    expect(best.observe(21, 0.4)).toBe(false);
    expect([best.epoch, kernel(best.weights)]).toEqual([20, 1]);
    best.dispose();
    model.dispose();
  });

  it('EarlyStopping stops after `patience` epochs without a new best, and never with patience 0', () => {
    const model = tinyModel();
    const best = new BestWeights(model, { loss: Infinity, epoch: 0 });
    const stopping = new EarlyStopping(3, best);
    const never = new EarlyStopping(0, best);
    const losses = [1, 0.8, 0.9, 0.85, 0.81];
    const verdicts = losses.map((loss, i) => {
      best.observe(i + 1, loss);
      return [stopping.shouldStop(i + 1), never.shouldStop(i + 1)];
    });
    expect(verdicts.map(([s]) => s !== undefined)).toEqual([false, false, false, false, true]);
    expect(verdicts[4]?.[0]).toMatch(/not improved for 3 epochs; keeping epoch 2/);
    expect(verdicts.every(([, n]) => n === undefined)).toBe(true);
    best.dispose();
    model.dispose();
  });

  it('ReduceLROnPlateau halves after a plateau of `patience`, waits as long again, and stops at the floor', () => {
    const model = tinyModel();
    const optimizer = tf.train.adam(0.01);
    const best = new BestWeights(model, { loss: 1, epoch: 0 });
    const schedule = new ReduceLROnPlateau(optimizer, 2, best, {
      learningRate: 0.01,
      lastReduction: 0,
    });
    const rates = [1, 2, 3, 4, 5, 6].map((epoch) => {
      schedule.onEpochEnd(epoch);
      return schedule.learningRate;
    });
    expect(rates).toEqual([0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125]);
    expect((optimizer as unknown as { learningRate: number }).learningRate).toBe(0.00125);
    expect(schedule.saved).toEqual({ learningRate: 0.00125, lastReduction: 6 });

    const floor = new ReduceLROnPlateau(optimizer, 1, best, {
      learningRate: 1.5e-6,
      lastReduction: 0,
    });
    [1, 2, 3].forEach((epoch) => floor.onEpochEnd(epoch));
    expect(floor.learningRate).toBe(MIN_LEARNING_RATE);
    optimizer.dispose();
    model.dispose();
  });

  it('ProgressEvents sends batches at most once per interval of the injected clock, always first and last', () => {
    let time = 0;
    const events: TrainEvent[] = [];
    const progress = new ProgressEvents(
      (e) => events.push(e),
      () => time,
      100,
    );
    for (let batch = 1; batch <= 10; batch++) {
      progress.batch({ phase: 1, epoch: 1, batch, batches: 10, loss: 1, accuracy: 0 });
      time += 30;
    }
    const sent = events.map((e) => (e.type === 'batch' ? e.batch : 0));
    // At 0 ms (first), 120 ms, 240 ms, and the last batch.
    expect(sent).toEqual([1, 5, 9, 10]);
  });

  it('ProgressEvents gives each epoch an ETA from the mean epoch time so far', () => {
    const events: TrainEvent[] = [];
    const progress = new ProgressEvents(
      (e) => events.push(e),
      () => 0,
    );
    const history = [2, 4].map((seconds, i): EpochMetrics => ({
      phase: 1,
      epoch: i + 1,
      loss: 1,
      accuracy: 0,
      learningRate: 0.1,
      seconds,
    }));
    progress.epoch(history[1] as EpochMetrics, history, 10);
    expect(events[0]).toMatchObject({ type: 'epoch', etaSeconds: 24 });
    expect(eta(history, 2)).toBe(0);
  });

  it('EarlyStopping in fine-tuning gives it its full patience and says when phase 1 is kept', () => {
    const model = tinyModel();
    // Phase 1 ran to epoch 20 with its best at epoch 17; fine-tuning starts at epoch 21.
    const best = new BestWeights(model, { loss: 0.3, epoch: 17, keepStart: true });
    const stopping = new EarlyStopping(2, best, 21);
    best.observe(21, 0.4);
    expect(stopping.shouldStop(21)).toBe(undefined);
    best.observe(22, 0.35);
    const message = stopping.shouldStop(22) ?? '';
    expect(message).toMatch(/fine-tuning did not improve the validation loss/);
    expect(message).toMatch(/the model from before fine-tuning is kept/);
    expect(message).not.toMatch(/keeping epoch/);
    best.observe(23, 0.2);
    expect(stopping.shouldStop(24)).toBe(undefined);
    expect(stopping.shouldStop(25)).toMatch(/keeping epoch 23/);
    best.dispose();
    model.dispose();
  });
});
