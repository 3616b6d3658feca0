import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../engine/tf.js';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { fineTuningSecondsPerEpoch, type FineTuningPaceInput } from './fineTunePhase.js';
import { laterWork } from './laterWork.js';

const fineTuning: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: 4, batchSize: 8 },
  unfreezeFrom: 'top',
};

/** A clock that reads the given times in turn (milliseconds). */
function readings(...times: number[]): () => number {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)] ?? 0;
}

/** Times fine-tuning `base` under the test's settings for 3 classes, with `input` over them. */
const timeFineTuning = (
  base: tf.LayersModel,
  input: Pick<FineTuningPaceInput, 'trainImages' | 'validationImages'> &
    Partial<FineTuningPaceInput>,
) =>
  fineTuningSecondsPerEpoch({
    embedding: base,
    family: 'mobilenet_v2',
    settings: fineTuning,
    classCount: 3,
    ...input,
  });

const featureRows = (count: number) => ({
  features: new Float32Array(count * 4),
  labels: Array.from({ length: count }, (_, i) => i % 3),
});

describe('what phase 1’s ETA counts after it', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('times fine-tuning on its own model: a trained and a predicted batch, scaled to the images', async () => {
    const base = buildMobileNetV2(0.35, 64);
    const before = tf.memory().numTensors;
    // One batch of 8 rows: trained in 200 ms, predicted in 50 ms.
    const seconds = await timeFineTuning(base, {
      trainImages: 16,
      validationImages: 4,
      now: readings(1000, 1200, 1250),
    });
    expect(seconds).toBeCloseTo((200 * 2 + 50 * 0.5) / 1000, 9);
    // Fewer images than a batch: the batch timed is that many rows.
    const few = await timeFineTuning(base, {
      trainImages: 5,
      validationImages: 3,
      now: readings(0, 100, 120),
    });
    expect(few).toBeCloseTo((100 + 20 * 0.6) / 1000, 9);
    // The timing model, its optimizer and its batch are all released.
    expect(tf.memory().numTensors).toBe(before);
    base.dispose();
  });

  it('stops timing fine-tuning at a cancel, before its timed batch', async () => {
    const base = buildMobileNetV2(0.35, 64);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let readings = 0;
    // The user cancels while the untimed first batch runs: the clock's first reading follows it.
    const timing = timeFineTuning(base, {
      trainImages: 16,
      validationImages: 4,
      signal: controller.signal,
      now: () => {
        readings += 1;
        controller.abort();
        return 0;
      },
    });
    await expect(timing).rejects.toMatchObject({ code: 'CANCELLED' });
    // Neither the timed batch nor the prediction ran, and nothing is left behind.
    expect(readings).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    // Cancelled before it began: phase 1's later work is not timed at all.
    const run = {
      job: { settings: fineTuning, signal: controller.signal },
      base: { family: 'mobilenet_v2' as const },
      classes: ['a', 'b', 'c'],
      split: { train: new Array<unknown>(16), validation: new Array<unknown>(4) },
    };
    const features = {
      train: featureRows(16),
      heldOut: featureRows(4),
      embedded: { imagesPerSecond: 25 },
    };
    await expect(laterWork(run, base, features)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(tf.memory().numTensors).toBe(before);
    base.dispose();
  });

  it('is fine-tuning when it has epochs, a refit when one applies, and nothing otherwise', async () => {
    const base = buildMobileNetV2(0.35, 64);
    const run = (settings: TrainSettings) => ({
      job: { settings },
      base: { family: 'mobilenet_v2' as const },
      classes: ['a', 'b', 'c'],
      split: { train: new Array<unknown>(40), validation: new Array<unknown>(10) },
    });
    // With two augmented views, phase 1 trains on 120 rows and a refit adds 30 held-out ones.
    // The first embedding pass ran at 25 images/s.
    const embedded = { imagesPerSecond: 25 };
    const features = { train: featureRows(120), heldOut: featureRows(30), embedded };
    const tuned = await laterWork(run(fineTuning), base, features);
    expect(tuned.refit).toBeUndefined();
    expect(tuned.fineTuning?.epochs).toBe(4);
    // Its preparation runs the base's lower layers over the 50 images again.
    expect(tuned.fineTuning?.prepSeconds).toBe(50 / 25);
    expect(tuned.fineTuning?.secondsPerEpoch).toBeGreaterThan(0);
    // The ensemble's head count is trainHead's to add (from the same settings), not repeated here.
    expect(await laterWork(run(DEFAULT_TRAIN_SETTINGS), base, features)).toEqual({
      refit: { rowsRatio: 1.25 },
    });
    expect(
      await laterWork(run({ ...DEFAULT_TRAIN_SETTINGS, refit: false }), base, features),
    ).toEqual({});
    base.dispose();
  });
});
