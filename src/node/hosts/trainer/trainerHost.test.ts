import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventOf } from '../../../common/contract/contract.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { inMemoryTrainer } from '../../testing/inMemoryTrainer.js';
import { SHAPE_PACK_ARCH as ARCH, writeShapesAndTestPack } from '../../testing/shapeRuns.js';
import { TrainerHost, type TrainerExit } from './trainerHost.js';

function nextEvent<E extends EventName>(
  host: TrainerHost,
  name: E,
  matches: (payload: EventOf<E>) => boolean = () => true,
): Promise<EventOf<E>> {
  return new Promise((resolve) => {
    const stop = host.subscribe((event, payload) => {
      const typed = payload as unknown as EventOf<E>;
      if ((event as string) === name && matches(typed)) {
        stop();
        resolve(typed);
      }
    });
  });
}

describe('TrainerHost over an in-memory port pair', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-trainer-'));
    env = await writeShapesAndTestPack(dir, 5);
  });
  // The "crashed" job runs in this thread and may still be writing its last checkpoint.
  afterAll(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

  const request = (out: string, epochs: number) => ({
    dataset: join(dir, 'shapes'),
    base: ARCH,
    out: join(dir, out),
    settings: {
      ...DEFAULT_TRAIN_SETTINGS,
      earlyStoppingPatience: 1000,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs, batchSize: 4 },
    },
  });

  it('starts the trainer on the first call, forwards progress events, then the result', async () => {
    const trainer = inMemoryTrainer(env);
    const host = new TrainerHost(trainer.launch);
    expect(host.isRunning).toBe(false);
    const types: string[] = [];
    host.subscribe((name, payload) => {
      if (name === 'job.event') types.push((payload as EventOf<'job.event'>).event.type);
    });
    const result = await host.handlers['training.start'](request('model', 2));
    expect(host.isRunning).toBe(true);
    expect(result.history).toHaveLength(2);
    expect(types).toEqual(expect.arrayContaining(['scanned', 'embedding', 'epoch']));
    expect(trainer.launched).toHaveLength(1);
    await host.stop();
  });

  it('cancels a running training through the caller’s signal: it ends CANCELLED', async () => {
    const host = new TrainerHost(inMemoryTrainer(env).launch);
    const controller = new AbortController();
    const firstEpoch = nextEvent(
      host,
      'job.event',
      (e) => e.jobId === 'j1' && e.event.type === 'epoch',
    );
    const training = host.handlers['training.start'](
      { ...request('cancelled', 500), jobId: 'j1' },
      { signal: controller.signal },
    );
    await firstEpoch;
    controller.abort();
    await expect(training).rejects.toMatchObject({ code: 'CANCELLED' });
    // The trainer answered only once the training had stopped: no model was written.
    expect(existsSync(join(dir, 'cancelled', 'metadata.json'))).toBe(false);
    expect((await host.call('bases.list', {})).packs).toHaveLength(1);
    await host.stop();
  });

  it('reports a crash to every waiting call, a running training too, then restarts on the next call', async () => {
    const trainer = inMemoryTrainer(env);
    const host = new TrainerHost(trainer.launch);
    const firstEpoch = nextEvent(host, 'job.event', (e) => e.event.type === 'epoch');
    const exited = nextEvent(host, 'trainer.exited');
    const training = host.call('training.start', request('crashed', 500));
    await firstEpoch;
    const waiting = host.call('bases.list', {});
    const crash: TrainerExit = { reason: 'crashed', exitCode: 139, message: 'segfault' };
    trainer.launched[0]?.exit(crash);

    await expect(waiting).rejects.toMatchObject({ code: 'TRAINER_CRASHED', message: 'segfault' });
    await expect(training).rejects.toMatchObject({ code: 'TRAINER_CRASHED' });
    expect(await exited).toEqual(crash);
    expect(host.isRunning).toBe(false);

    const models = await host.call('bases.list', {});
    expect(models.packs.map((p) => p.architecture)).toEqual([ARCH]);
    expect(trainer.launched).toHaveLength(2);
    await host.stop();
  });

  it('rejects a bad payload in the trainer with INVALID_ARGUMENT', async () => {
    const host = new TrainerHost(inMemoryTrainer(env).launch);
    await expect(host.call('dataset.scan', { path: '' } as { path: string })).rejects.toMatchObject(
      { code: 'INVALID_ARGUMENT' },
    );
    await host.stop();
  });
});
