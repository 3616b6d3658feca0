import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeShapeSamples } from '../../services/samples/shapes.js';
import { sourceGate, whenAborted, type SourceGate } from '../../testing/gatedSource.js';
import { inMemoryTrainer } from '../../testing/inMemoryTrainer.js';
import { startBrowserMode, type BrowserMode } from './browserMode.js';
import { contractSocket } from './webChild.js';

const LARGE = { perClass: 12, size: 224, seed: 12 };
const LARGE_COUNT = 3 * LARGE.perClass;

describe('cancelling over the browser-mode WebSocket', () => {
  let dir: string;
  let mode: BrowserMode;
  // Each test's first scan waits mid-way at its gate until the test lets it go.
  let gate: SourceGate;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-web-cancel-'));
    await writeShapeSamples(join(dir, 'large'), LARGE);
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Transfer Studio</title>');
    const env = { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    const seams = { openDatasetSource: (path: string) => gate.openDatasetSource(path) };
    mode = await startBrowserMode({
      env,
      staticDir: dir,
      launcher: inMemoryTrainer(env, seams).launch,
    });
  });
  beforeEach(() => {
    gate = sourceGate({ entry: 10 });
  });
  afterAll(async () => {
    await mode.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a tab cancels its own scan with its signal; the trainer then answers the next request', async () => {
    const { ws, rpc } = await contractSocket(mode.server);
    try {
      const controller = new AbortController();
      const scan = rpc.call(
        'dataset.scan',
        { path: join(dir, 'large'), scanId: 'mine' },
        { signal: controller.signal },
      );
      const scanSignal = await gate.reached;
      controller.abort();
      await whenAborted(scanSignal);
      gate.open();
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
      // The first request of this socket: its id is 1.
      const scan = mine.rpc.call('dataset.scan', { path: join(dir, 'large'), scanId: 'kept' });
      const scanSignal = await gate.reached;
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
      expect(scanSignal?.aborted).toBe(false);
      gate.open();
      expect((await scan).files.imported).toBe(LARGE_COUNT);
    } finally {
      mine.ws.close();
      other.ws.close();
    }
  });
});
