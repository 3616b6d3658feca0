import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/random.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../common/training.js';
import { trainHead } from './trainHead.js';

const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
  earlyStoppingPatience: 1000,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 40, batchSize: 8 },
};

/**
 * A cancel reaches the engine as a message, that is in a later turn of the event loop. The
 * training loop must give the loop that turn between batches, or the cancel waits for the whole
 * fit: on the cpu and wasm backends trainOnBatch resolves without one.
 */
describe('a cancel that arrives as a message', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('stops the fit within one batch', async () => {
    const random = seededRandom(3);
    const rows = 64;
    const train = {
      features: Float32Array.from({ length: rows * 16 }, () => random()),
      labels: Array.from({ length: rows }, (_, i) => i % 2),
    };
    const controller = new AbortController();
    let batches = 0;
    let batchesAtAbort = -1;
    const result = await trainHead({
      featureShape: [16],
      classCount: 2,
      train,
      validation: undefined,
      settings,
      signal: controller.signal,
      batchEventInterval: 0,
      onEvent: (event) => {
        if (event.type !== 'batch' || batches++ > 0) return;
        setImmediate(() => {
          batchesAtAbort = batches;
          controller.abort();
        });
      },
    });
    result.head.dispose();
    expect(result.stopped).toMatchObject({ reason: 'cancelled', epoch: 1 });
    expect(batches).toBe(batchesAtAbort);
  });
});
