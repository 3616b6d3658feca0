import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventOf } from '../../../common/contract/contract.js';
import { connectContract } from '../../../common/contract/rpc.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { nodeMessagePort } from '../../adapters/rpc/nodePort.js';
import { writeShapeSamples } from '../../services/samples/shapes.js';
import { writeTestPack } from '../../testing/packs.js';
import { serveTrainer } from './serveTrainer.js';
import { TrainerHost, type TrainerExit, type TrainerProcess } from './trainerHost.js';

const ARCH = 'mobilenet_v2_0.35_96';

/** A trainer served in this thread over an in-memory port pair, whose "process" a test can kill. */
function inMemoryTrainer(env: Record<string, string>) {
  const launched: { exit: (exit: TrainerExit, jobId?: string) => Promise<void> }[] = [];
  const launch = (): TrainerProcess => {
    const channel = new MessageChannel();
    const server = serveTrainer(nodeMessagePort(channel.port2), env);
    const listeners: ((exit: TrainerExit) => void)[] = [];
    launched.push({
      // A dead process runs nothing: its job is stopped (through a side door) before it "dies".
      exit: async (exit, jobId) => {
        if (jobId) {
          const sideDoor = connectContract(nodeMessagePort(channel.port1));
          await sideDoor.call('training.cancel', { jobId });
          sideDoor.close();
        }
        server.close();
        channel.port2.close();
        for (const listener of listeners) listener(exit);
      },
    });
    return {
      port: nodeMessagePort(channel.port1),
      onUnexpectedExit: (listener) => listeners.push(listener),
      stop: async () => {
        server.close();
        channel.port1.close();
        channel.port2.close();
      },
    };
  };
  return { launch, launched };
}

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
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 40, seed: 5 });
    await writeTestPack(join(dir, 'store'), ARCH);
    env = {
      TRANSFER_STUDIO_MODELS: join(dir, 'store'),
      // Only the test's own pack: the repository's bundled ImageNet packs stay out of the listing.
      TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
      TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
    };
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
    const done = nextEvent(host, 'job.done');
    const { jobId } = await host.handlers['training.start'](request('model', 2));
    expect(host.isRunning).toBe(true);
    const result = await done;
    expect(result.jobId).toBe(jobId);
    expect(result.result.history).toHaveLength(2);
    expect(types).toEqual(expect.arrayContaining(['scanned', 'embedding', 'epoch']));
    expect(trainer.launched).toHaveLength(1);
    await host.stop();
  });

  it('cancels a running job: it ends with CANCELLED', async () => {
    const host = new TrainerHost(inMemoryTrainer(env).launch);
    const firstEpoch = nextEvent(host, 'job.event', (e) => e.event.type === 'epoch');
    const failed = nextEvent(host, 'job.failed');
    const { jobId } = await host.call('training.start', request('cancelled', 500));
    await firstEpoch;
    expect(await host.call('training.cancel', { jobId })).toEqual({ cancelled: true });
    expect(await failed).toMatchObject({ jobId, error: { code: 'CANCELLED' } });
    expect(await host.call('training.cancel', { jobId })).toEqual({ cancelled: false });
    await host.stop();
  });

  it('reports a crash to every waiting call and running job, then restarts on the next call', async () => {
    const trainer = inMemoryTrainer(env);
    const host = new TrainerHost(trainer.launch);
    const firstEpoch = nextEvent(host, 'job.event', (e) => e.event.type === 'epoch');
    const jobFailed = nextEvent(host, 'job.failed');
    const exited = nextEvent(host, 'trainer.exited');
    const { jobId } = await host.call('training.start', request('crashed', 500));
    await firstEpoch;
    const waiting = host.call('bases.list', {});
    const crash: TrainerExit = { reason: 'crashed', exitCode: 139, message: 'segfault' };
    await trainer.launched[0]?.exit(crash, jobId);

    await expect(waiting).rejects.toMatchObject({ code: 'TRAINER_CRASHED', message: 'segfault' });
    expect(await jobFailed).toMatchObject({ jobId, error: { code: 'TRAINER_CRASHED' } });
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
