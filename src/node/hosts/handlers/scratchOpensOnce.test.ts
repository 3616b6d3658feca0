import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { countingOpener, plainScanReads, readsByFile } from '../../testing/countingSource.js';
import { handlerPair } from '../../testing/handlerPair.js';
import { PHOTOS_PER_CLASS, writeOpenOnceDatasets } from '../../testing/openOnceDatasets.js';

const ONE_EPOCH = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 1, batchSize: 8 },
};

/**
 * An image run from scratch is handed the dataset the pass that found images opened: a zip of
 * camera photos is listed once and each photo's bytes are read no more than one scan reads them.
 */
describe('training.scratch on images opens and scans its dataset once', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-scratch-once-'));
    await writeOpenOnceDatasets(dir);
    env = { TRANSFER_STUDIO_HOME: join(dir, 'home') };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const name of ['photos', 'photos.zip']) {
    it(`trains the small CNN on ${name} through one opening`, { timeout: 120_000 }, async () => {
      const baseline = await plainScanReads(join(dir, name));
      const { openDatasetSource: open, reads } = countingOpener();
      const pair = handlerPair(env, { openDatasetSource: open });
      try {
        const result = await pair.rpc.call('training.scratch', {
          dataset: join(dir, name),
          out: join(dir, `scratch-${name}`),
          settings: ONE_EPOCH,
        });
        expect(result.recipe).toBe('scratch');
        expect(result.counts.train + result.counts.validation).toBe(2 * PHOTOS_PER_CLASS);
      } finally {
        pair.close();
      }
      expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
      expect(readsByFile(reads.heads)).toEqual(readsByFile(baseline.heads));
      expect(readsByFile(reads.wholes)).toEqual(readsByFile(baseline.wholes));
    });
  }
});
