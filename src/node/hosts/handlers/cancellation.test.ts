import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { writeShapeSamples } from '../../services/samples/shapes.js';
import { sourceGate, whenAborted, type SourceGate } from '../../testing/gatedSource.js';
import { handlerPair, nextEvent, type HandlerPair } from '../../testing/handlerPair.js';
import { SHAPE_PACK_ARCH as ARCH, writeShapesAndTestPack } from '../../testing/shapeRuns.js';

const LARGE = { perClass: 12, size: 224, seed: 11 };
const LARGE_COUNT = 3 * LARGE.perClass;

describe('cancelling engine requests over the trainer’s port', () => {
  let dir: string;
  let pair: HandlerPair;
  // The first scan waits mid-way until the test has seen its cancel arrive.
  let gate: SourceGate;
  let env: Record<string, string>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-cancel-'));
    await writeShapeSamples(join(dir, 'large'), LARGE);
    gate = sourceGate({ entry: 10 });
    env = await writeShapesAndTestPack(dir, 5);
    pair = handlerPair(env, { openDatasetSource: gate.openDatasetSource });
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stops a scan of a large folder mid-way; the next scan of it completes', async () => {
    const { rpc } = pair;
    const large = join(dir, 'large');
    const controller = new AbortController();
    const scan = rpc.call(
      'dataset.scan',
      { path: large, scanId: 'big' },
      { signal: controller.signal },
    );
    const scanSignal = await gate.reached;
    controller.abort();
    await whenAborted(scanSignal);
    gate.open();
    await expect(scan).rejects.toMatchObject({ code: 'CANCELLED' });
    // The handler stopped before the end: a finished scan would have opened the folder for edits.
    await expect(
      rpc.call('dataset.renameClass', { dataset: large, from: 'circle', to: 'ring' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const again = await rpc.call('dataset.scan', { path: large });
    expect(again.files).toEqual({ seen: LARGE_COUNT, imported: LARGE_COUNT, skipped: 0 });
  });

  it('a scan cancelled once every file is read, before the folder opens for edits, leaves it closed', async () => {
    const closing = sourceGate('close');
    const own = handlerPair(env, { openDatasetSource: closing.openDatasetSource });
    const shapes = join(dir, 'shapes');
    try {
      const controller = new AbortController();
      const scan = own.rpc.call('dataset.scan', { path: shapes }, { signal: controller.signal });
      const scanSignal = await closing.reached;
      controller.abort();
      await whenAborted(scanSignal);
      closing.open();
      await expect(scan).rejects.toMatchObject({ code: 'CANCELLED' });
      await expect(
        own.rpc.call('dataset.renameClass', { dataset: shapes, from: 'circle', to: 'ring' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      own.close();
    }
  });

  it('stops a training after its first epoch: CANCELLED, no model written, the next one runs', async () => {
    const { rpc } = pair;
    const request = (jobId: string, epochs: number) => ({
      jobId,
      dataset: join(dir, 'shapes'),
      base: ARCH,
      out: join(dir, jobId),
      settings: {
        ...DEFAULT_TRAIN_SETTINGS,
        earlyStoppingPatience: 1000,
        phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs, batchSize: 4 },
      },
    });
    const controller = new AbortController();
    const firstEpoch = nextEvent(
      rpc,
      'job.event',
      (e) => e.jobId === 'cancelled' && e.event.type === 'epoch',
    );
    const training = rpc.call('training.start', request('cancelled', 500), {
      signal: controller.signal,
    });
    await firstEpoch;
    controller.abort();
    await expect(training).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(join(dir, 'cancelled', 'metadata.json'))).toBe(false);
    const next = await rpc.call('training.start', request('next', 2));
    expect(next.history).toHaveLength(2);
    expect(existsSync(join(dir, 'next', 'metadata.json'))).toBe(true);
  });
});
