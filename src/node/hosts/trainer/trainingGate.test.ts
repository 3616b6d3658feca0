import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../common/contract/contract.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { inMemoryTrainer } from '../../testing/inMemoryTrainer.js';
import { SHAPE_PACK_ARCH as ARCH, writeShapesAndTestPack } from '../../testing/shapeRuns.js';
import { TrainerHost } from './trainerHost.js';

describe('one training at a time in a trainer', () => {
  let dir: string;
  let host: TrainerHost;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-gate-'));
    const env = await writeShapesAndTestPack(dir, 7);
    host = new TrainerHost(inMemoryTrainer(env).launch);
  });
  afterAll(async () => {
    await host.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const firstEpochOf = (jobId: string) =>
    new Promise<void>((resolve) => {
      const stop = host.subscribe((name, payload) => {
        const { jobId: job, event } = payload as EventOf<'job.event'>;
        if (name !== 'job.event' || job !== jobId || event.type !== 'epoch') return;
        stop();
        resolve();
      });
    });

  it('refuses a scratch run while a transfer run trains, and takes a training once it ended', async () => {
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      earlyStoppingPatience: 1000,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 500, batchSize: 4 },
    };
    const shapes = join(dir, 'shapes');
    const controller = new AbortController();
    const firstEpoch = firstEpochOf('transfer');
    const transfer = host.call(
      'training.start',
      { jobId: 'transfer', dataset: shapes, base: ARCH, settings, out: join(dir, 'transfer') },
      { signal: controller.signal },
    );
    await Promise.race([
      firstEpoch,
      transfer.then(() => expect.fail('the transfer run ended before its first epoch')),
    ]);
    await expect(
      host.call('training.scratch', { dataset: shapes, settings, out: join(dir, 'scratch') }),
    ).rejects.toMatchObject({
      code: 'TRAINING_BUSY',
      message: 'A training is already running: wait for it to finish or cancel it first.',
    });
    await expect(
      host.call('training.start', { dataset: shapes, base: ARCH, settings, out: join(dir, 'b') }),
    ).rejects.toMatchObject({ code: 'TRAINING_BUSY' });
    // Refused before doing anything: no folder of theirs was started.
    expect(await readdir(dir)).not.toEqual(expect.arrayContaining(['scratch']));
    expect(await readdir(dir)).not.toEqual(expect.arrayContaining(['b']));
    controller.abort();
    await expect(transfer).rejects.toMatchObject({ code: 'CANCELLED' });
    // The trainer is free again: the next training reaches its handler, which reports its own
    // problem (no such dataset), not TRAINING_BUSY.
    await expect(
      host.call('training.scratch', { dataset: join(dir, 'none'), settings }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
