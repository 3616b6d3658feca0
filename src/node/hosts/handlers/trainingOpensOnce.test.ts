import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { countingOpener, plainScanReads, readsByFile } from '../../testing/countingSource.js';
import { handlerPair } from '../../testing/handlerPair.js';
import {
  NOTES_PER_CLASS,
  PHOTOS_PER_CLASS,
  writeOpenOnceDatasets,
} from '../../testing/openOnceDatasets.js';
import { writeTestPack } from '../../testing/packs.js';
import { packTestEnv } from '../../testing/testEnv.js';

const ARCH = 'mobilenet_v2_0.35_96';

const ONE_EPOCH = {
  ...DEFAULT_TRAIN_SETTINGS,
  refit: false,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 1, batchSize: 8 },
  phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: 0 },
};
/** One epoch, everything else as a run from scratch has it by default. */
const SCRATCH_ONE_EPOCH = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 1, batchSize: 8 },
};

/**
 * A training's dataset is opened once: the pass that decides whether it holds images or texts
 * hands the training what it opened (an image source, its listing going on) or what it scanned
 * (a text report), so a zip of camera photos is not listed and read a second time, by a
 * transfer run or a run from scratch.
 */
describe('a training opens and scans its dataset once', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-train-once-'));
    await writeOpenOnceDatasets(dir);
    await writeTestPack(join(dir, 'store'), ARCH);
    env = packTestEnv(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const imageRuns = [
    { name: 'photos', recipe: 'transfer' },
    { name: 'photos.zip', recipe: 'transfer' },
    { name: 'photos', recipe: 'scratch' },
    { name: 'photos.zip', recipe: 'scratch' },
  ] as const;
  for (const { name, recipe } of imageRuns) {
    it(
      `trains ${recipe} on ${name} reading each photo no more than one plain scan does`,
      { timeout: 180_000 },
      async () => {
        const baseline = await plainScanReads(join(dir, name));
        const { openDatasetSource: open, reads } = countingOpener();
        const pair = handlerPair(env, { openDatasetSource: open });
        try {
          const result =
            recipe === 'transfer'
              ? await pair.rpc.call('training.start', {
                  dataset: join(dir, name),
                  base: ARCH,
                  out: join(dir, `model-${name}`),
                  settings: ONE_EPOCH,
                })
              : await pair.rpc.call('training.scratch', {
                  dataset: join(dir, name),
                  out: join(dir, `scratch-${name}`),
                  settings: SCRATCH_ONE_EPOCH,
                });
          expect(result.recipe ?? 'transfer').toBe(recipe);
          expect(result.counts.train + result.counts.validation).toBe(2 * PHOTOS_PER_CLASS);
        } finally {
          pair.close();
        }
        expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
        // The heads the decision read serve the image checks of the training's scan.
        expect(readsByFile(reads.heads)).toEqual(readsByFile(baseline.heads));
        expect(readsByFile(reads.wholes)).toEqual(readsByFile(baseline.wholes));
      },
    );
  }

  for (const name of ['notes', 'notes.zip']) {
    it(`trains a bag of words on ${name} from the deciding pass's scan`, async () => {
      const { openDatasetSource: open, reads } = countingOpener();
      const pair = handlerPair(env, { openDatasetSource: open });
      try {
        const result = await pair.rpc.call('training.scratch', {
          dataset: join(dir, name),
          out: join(dir, `scratch-${name}`),
          settings: ONE_EPOCH,
        });
        expect(result.counts.train + result.counts.validation).toBe(2 * NOTES_PER_CLASS);
      } finally {
        pair.close();
      }
      expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
      // Every note was read through that one opening: whole (a zip entry, CRC checked) or as the
      // head the decision read, which for a short file in a folder is the whole file.
      const wholes = readsByFile(reads.wholes);
      if (name.endsWith('.zip')) expect(wholes).toHaveLength(2 * NOTES_PER_CLASS);
      else
        expect(new Set([...reads.heads.keys(), ...reads.wholes.keys()]).size).toBe(
          2 * NOTES_PER_CLASS,
        );
      for (const [, count] of wholes) expect(count).toBe(1);
    });
  }
});
