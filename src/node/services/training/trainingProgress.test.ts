import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../engine/tf.js';
import { jobEventSchema } from '../../../common/contract/schemas.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { solid } from '../../testing/images.js';
import { writeTestPack } from '../../testing/packs.js';
import { runTraining, type JobEvent } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';
const PER_CLASS = 8;

/** Reds and blues in eight shades each, as 120×90 JPEG photos. */
async function writeColours(folder: string): Promise<void> {
  for (const [name, colour] of [
    ['red', (i: number) => ({ r: 150 + i * 12, g: 20 + i * 5, b: 30 })],
    ['blue', (i: number) => ({ r: 20 + i * 5, g: 40, b: 150 + i * 12 })],
  ] as const) {
    await mkdir(join(folder, name), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++)
      await writeFile(
        join(folder, name, `${name}-${i}.jpg`),
        await solid(120, 90, colour(i)).jpeg().toBuffer(),
      );
  }
}

// Early stopping off: phase 1 runs all 5 epochs, so its last ETA is the refit's alone.
const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  // One head: the ETAs below are exact only without an ensemble's silent members (progress.test).
  head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 5, batchSize: 4 },
  earlyStoppingPatience: 0,
  validationSplit: 0.25,
  refit: true,
};

describe('a training’s progress events, refit included', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-progress-'));
    await writeColours(join(dir, 'colours'));
    await tf.setBackend('cpu');
    await writeTestPack(join(dir, 'store'), ARCH);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports phase 1 with the refit in its ETA, then "refit epoch k of n" down to 0 left', async () => {
    const events: JobEvent[] = [];
    const result = await runTraining({
      dataset: join(dir, 'colours'),
      base: ARCH,
      settings,
      store: join(dir, 'store'),
      cacheDir: join(dir, 'cache'),
      env: {},
      out: join(dir, 'model'),
      onEvent: (e) => events.push(e),
    });
    // Every event is one the contract carries to the window.
    events.forEach((e) => expect(() => jobEventSchema.parse(e)).not.toThrow());

    const n = result.refit?.epochs ?? 0;
    expect(n).toBe(result.bestEpoch);
    const firstRefit = events.findIndex((e) => e.type === 'refit');
    const before = events.slice(0, firstRefit);
    const after = events.slice(firstRefit);
    // Phase 1's epochs, then only the refit's: nothing after it looks like a phase-1 epoch.
    const phase1 = before.flatMap((e) => (e.type === 'epoch' ? [e] : []));
    expect(phase1.map((e) => e.metrics.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(after.map((e) => e.type)).toEqual(Array.from({ length: n }, () => 'refit'));
    const refits = after.flatMap((e) => (e.type === 'refit' ? [e] : []));
    expect(refits.map((e) => `${e.epoch} of ${e.epochs}`)).toEqual(
      Array.from({ length: n }, (_, i) => `${i + 1} of ${n}`),
    );
    expect(refits.every((e) => Number.isFinite(e.loss) && e.etaSeconds >= 0)).toBe(true);
    expect(refits.at(-1)?.etaSeconds).toBe(0);
    // Phase 1 ran all its epochs, so what its last ETA still counts is the refit to come.
    expect(phase1.at(-1)?.etaSeconds).toBeGreaterThan(0);
    expect(phase1.every((e) => e.etaSeconds >= 0)).toBe(true);
  });
});
