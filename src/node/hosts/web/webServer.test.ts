import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contractOver, startStubWebServer } from './webChild.js';
import { MAX_MESSAGE_BYTES, startWebServer, type WebServer } from './webServer.js';

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie']?.[0] }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function openSocket(server: WebServer, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/contract`, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) =>
      reject(new Error(`refused with ${res.statusCode}`)),
    );
  });
}

describe('browser mode server', () => {
  let dir: string;
  let server: WebServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-web-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Transfer Studio</title>');
    await writeFile(join(dir, 'app.js'), 'console.log(1)');
    server = await startStubWebServer(dir);
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('serves nothing without the token or with a wrong one', async () => {
    expect((await get(server.port, '/')).status).toBe(403);
    expect((await get(server.port, `/?token=${'0'.repeat(64)}`)).status).toBe(403);
    expect((await get(server.port, '/app.js')).status).toBe(403);
  });

  it('serves the page with the token, then its assets through the cookie, and nothing outside its folder', async () => {
    const page = await get(server.port, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Transfer Studio');
    const cookie = page.cookie?.split(';')[0] ?? '';
    expect(page.cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get(server.port, '/app.js', { cookie })).status).toBe(200);
    expect((await get(server.port, '/..%2Fpackage.json', { cookie })).status).toBe(404);
  });

  it('answers a malformed escape with 400 and keeps serving', async () => {
    const cookie = `${server.cookieName}=${server.token}`;
    expect((await get(server.port, '/%E0%A4%A', { cookie })).status).toBe(400);
    expect((await get(server.port, `/%E0%A4%A?token=${server.token}`)).status).toBe(400);
    expect((await get(server.port, '/app.js%00', { cookie })).status).toBe(400);
    expect((await get(server.port, '/app.js', { cookie })).status).toBe(200);
  });

  it("binds the access cookie to this server's port (cookies ignore ports)", async () => {
    const page = await get(server.port, `/?token=${server.token}`);
    expect(page.cookie).toMatch(new RegExp(`^transfer_studio_token_${server.port}=`));
    const otherPort = `transfer_studio_token_${server.port + 1}=${server.token}`;
    expect((await get(server.port, '/app.js', { cookie: otherPort })).status).toBe(403);
  });

  it('closes only the socket that sent a bad frame; the server keeps answering', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const cookie = `${server.cookieName}=${server.token}`;
    for (const bad of [Buffer.from([0x7b, 0xff, 0xfe]), Buffer.alloc(MAX_MESSAGE_BYTES + 1)]) {
      const ws = await openSocket(server, { origin, cookie });
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(bad, { binary: false });
      expect(await closed).toBeGreaterThanOrEqual(1007);
    }
    expect((await get(server.port, '/app.js', { cookie })).status).toBe(200);
  });

  it('rejects with a clear error when its port is taken, instead of crashing', async () => {
    await expect(
      startWebServer({ staticDir: dir, port: server.port, handlers: () => ({}) as never }),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS', message: /already in use/ });
  });

  it('refuses a request naming another host (DNS rebinding)', async () => {
    expect(
      (await get(server.port, `/?token=${server.token}`, { host: 'evil.example:80' })).status,
    ).toBe(421);
  });

  it('carries the contract over the socket for its own origin only', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const cookie = `${server.cookieName}=${server.token}`;
    await expect(openSocket(server, { origin })).rejects.toThrow(/403/);
    await expect(openSocket(server, { origin: 'http://evil.example', cookie })).rejects.toThrow(
      /403/,
    );
    const ws = await openSocket(server, { origin, cookie });
    const rpc = contractOver(ws);
    expect(await rpc.call('output.suggestPath', { kind: 'export', name: 'known' })).toEqual({
      path: 'known',
    });
    await expect(rpc.call('output.suggestPath', {} as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    ws.close();
  });
});
