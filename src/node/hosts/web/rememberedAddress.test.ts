import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from './browserMode.js';
import { rememberedAddressFile } from './rememberedAddress.js';

/** A page request as a browser on this computer makes it; `token`: the key in the address. */
function get(
  port: number,
  { cookie, token }: { cookie?: string; token?: string } = {},
): Promise<{ status: number; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: token ? `/?token=${token}` : '/',
        headers: { host: `127.0.0.1:${port}`, ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0] }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Holds a port the way another program would. */
async function occupy(port: number): Promise<Server> {
  const server = createServer((_, res) => res.end('someone else'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** `npm run web` restarted: the same address (port and key) keeps working, so bookmarks do. */
describe('browser mode remembers its address', () => {
  let dir: string;
  let staticDir: string;
  const env = () => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
  const start = (extra: { port?: number; remember?: boolean } = {}) =>
    startBrowserMode({ env: env(), staticDir, remember: true, ...extra });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-web-address-'));
    staticDir = join(dir, 'renderer');
    await mkdir(staticDir);
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Transfer Studio</title>');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reuses its port and key after a restart, and a bookmark without the key still opens', async () => {
    const first = await start();
    const { port, token } = first.server;
    expect((await get(port)).status).toBe(403);
    const opened = (await get(port, { token })).cookie ?? '';
    // The cookie outlives the browser session: the key itself is kept too.
    expect(opened).toMatch(/Max-Age=\d{6,}/);
    expect(opened).toMatch(/HttpOnly; SameSite=Strict/);
    await first.close();

    const file = rememberedAddressFile(env());
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ port, token });

    const second = await start();
    try {
      expect(second.server.port).toBe(port);
      expect(second.server.token).toBe(token);
      expect(second.notice).toBeUndefined();
      // The bookmarked page: no key in the address, only the cookie the last run set.
      const cookie = opened.split(';')[0] ?? '';
      expect((await get(port, { cookie })).status).toBe(200);
      const forged = `${cookie.split('=')[0]}=${'0'.repeat(64)}`;
      expect((await get(port, { cookie: forged })).status).toBe(403);
    } finally {
      await second.close();
    }
  });

  it('takes another free port when its own is taken, says so, and tries its own again next time', async () => {
    const remembered = JSON.parse(await readFile(rememberedAddressFile(env()), 'utf8')) as {
      port: number;
      token: string;
    };
    const squatter = await occupy(remembered.port);
    try {
      const moved = await start();
      try {
        expect(moved.server.port).not.toBe(remembered.port);
        expect(moved.server.token).toBe(remembered.token);
        expect(moved.notice).toContain(`Port ${remembered.port}`);
        expect(moved.notice).toContain(`port ${moved.server.port}`);
      } finally {
        await moved.close();
      }
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    const back = await start();
    try {
      expect(back.server.port).toBe(remembered.port);
    } finally {
      await back.close();
    }
  });

  it('starts with a new key when the file was damaged or tampered with, and replaces it', async () => {
    const file = rememberedAddressFile(env());
    for (const damaged of ['{"port": 80, "token": "x"}', 'not json', '{"port": 70000}']) {
      await writeFile(file, damaged);
      const mode: BrowserMode = await start();
      try {
        expect(mode.server.token).toMatch(/^[0-9a-f]{64}$/);
        expect(mode.server.port).toBeGreaterThanOrEqual(1024);
      } finally {
        await mode.close();
      }
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
        token: mode.server.token,
      });
    }
  });

  it('remembers nothing unless asked (tests and embedders get a fresh address each run)', async () => {
    const home = join(dir, 'other-home');
    const mode = await startBrowserMode({ env: { TRANSFER_STUDIO_HOME: home }, staticDir });
    try {
      expect(mode.server.cookieName).toBe(`transfer_studio_token_${mode.server.port}`);
      const opened = await get(mode.server.port, { token: mode.server.token });
      expect(opened.cookie).not.toMatch(/Max-Age/);
    } finally {
      await mode.close();
    }
    await expect(stat(rememberedAddressFile({ TRANSFER_STUDIO_HOME: home }))).rejects.toThrow();
  });
});
