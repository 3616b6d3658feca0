import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeSamples } from '../../services/samples/shapes.js';
import { nextEvent } from '../../testing/handlerPair.js';
import { inMemoryTrainer } from '../../testing/inMemoryTrainer.js';
import { startBrowserMode, type BrowserMode } from './browserMode.js';
import { contractSocket } from './webChild.js';

/** Camera-sized images, enough of them that a scan is still running when the cancel lands. */
const LARGE = { perClass: 40, size: 224, seed: 12 };
const LARGE_COUNT = 3 * LARGE.perClass;

describe('cancelling over the browser-mode WebSocket', () => {
  let dir: string;
  let mode: BrowserMode;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-web-cancel-'));
    await writeShapeSamples(join(dir, 'large'), LARGE);
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Transfer Studio</title>');
    const env = { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    mode = await startBrowserMode({ env, staticDir: dir, launcher: inMemoryTrainer(env).launch });
  });
  afterAll(async () => {
    await mode.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a tab cancels its own scan with its signal; the trainer then answers the next request', async () => {
    const { ws, rpc } = await contractSocket(mode.server);
    try {
      const controller = new AbortController();
      const progress = nextEvent(rpc, 'scan.progress', (p) => p.scanId === 'mine');
      const scan = rpc.call(
        'dataset.scan',
        { path: join(dir, 'large'), scanId: 'mine' },
        { signal: controller.signal },
      );
      expect((await progress).seen).toBeLessThan(LARGE_COUNT);
      controller.abort();
      await expect(scan).rejects.toMatchObject({ code: 'CANCELLED' });
      const again = await rpc.call('dataset.scan', { path: join(dir, 'large') });
      expect(again.files.imported).toBe(LARGE_COUNT);
    } finally {
      ws.close();
    }
  });

  it('refuses another tab’s cancel and malformed cancels: the scan runs to its end', async () => {
    const mine = await contractSocket(mode.server);
    const other = await contractSocket(mode.server);
    try {
      let finished = false;
      const progress = nextEvent(mine.rpc, 'scan.progress', (p) => p.scanId === 'kept');
      // The first request of this socket: its id is 1.
      const scan = mine.rpc
        .call('dataset.scan', { path: join(dir, 'large'), scanId: 'kept' })
        .finally(() => (finished = true));
      await progress;
      other.ws.send(JSON.stringify({ kind: 'cancel', id: 1 }));
      for (const malformed of [
        { kind: 'cancel', id: '1' },
        { kind: 'cancel' },
        { kind: 'cancel', id: 1, scanId: 'kept' },
        { kind: 'cancel', id: -1 },
        { kind: 'cancel', id: 2 ** 60 },
      ])
        mine.ws.send(JSON.stringify(malformed));
      // Each socket keeps order: once these are answered, the cancels above were handled.
      const probe = { kind: 'export' as const };
      await Promise.all([
        other.rpc.call('output.suggestPath', probe),
        mine.rpc.call('output.suggestPath', probe),
      ]);
      expect(finished, 'the scan ended before the cancels arrived; use more images').toBe(false);
      expect((await scan).files.imported).toBe(LARGE_COUNT);
    } finally {
      mine.ws.close();
      other.ws.close();
    }
  });
});
