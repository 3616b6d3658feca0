import { mkdtemp, rm, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSocket, measureUpload, startWebChild } from './webChild.js';

/** `npm run web` seen from outside, as a user runs it: its process, its memory, its exit. */
describe('npm run web (bin/web.js, built)', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'ts-web-cli-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it.skipIf(process.platform === 'win32')(
    'takes a 300 MB upload in chunks with its memory staying flat',
    async () => {
      const server = await startWebChild({ TRANSFER_STUDIO_HOME: home });
      try {
        const { ws, rpc } = await contractSocket(server);
        const bytes = 300 * 2 ** 20;
        const measured = await measureUpload(server, rpc, bytes);
        expect((await stat(measured.path)).size).toBe(bytes);
        expect(measured.path).toMatch(/big\.zip[\\/]big\.zip$/);
        // Generous: whole-file buffering would grow by ≥ 300 MB (×1.33 more as base64).
        expect(measured.peakRss - measured.baselineRss).toBeLessThan(200 * 2 ** 20);
        ws.close();
      } finally {
        server.child.kill('SIGKILL');
      }
    },
    300_000,
  );

  it('stops on the first Ctrl+C, with a page, its socket and the trainer thread open', async () => {
    const server = await startWebChild({ TRANSFER_STUDIO_HOME: home });
    const { ws, rpc } = await contractSocket(server);
    // An engine call starts the trainer thread; an open keep-alive connection is what a
    // browser leaves behind, and what once made a second Ctrl+C necessary.
    await rpc.call('dataset.upload', { name: 'x', files: [{ path: 'a.txt', base64: 'YQ==' }] });
    await keepAliveRequest(server.port);
    const socketClosed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    server.child.kill('SIGINT');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    await socketClosed;
  }, 60_000);
});

/** Opens a keep-alive HTTP connection (a refused page request) and leaves it open. */
function keepAliveRequest(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: true });
    const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}
