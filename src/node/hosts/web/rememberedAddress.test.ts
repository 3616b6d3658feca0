import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
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

  it('reuses its port and key after a restart; the cookie still ends with the browser session', async () => {
    const first = await start();
    const { port, token } = first.server;
    expect((await get(port)).status).toBe(403);
    const opened = (await get(port, { token })).cookie ?? '';
    // Only the file keeps the key: the cookie is a session cookie even so, since browsers send
    // 127.0.0.1 cookies to every port, so another local server would get it.
    expect(opened).not.toMatch(/Max-Age|Expires/i);
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
      // A bookmark of the printed address: the key is in it.
      expect((await get(port, { token })).status).toBe(200);
      // The tab left open (browser not closed): the session cookie the last run set.
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

  // Where there are user ids: a key others could read (or a file someone else put there) is
  // known, so it is not reused.
  it.skipIf(process.platform === 'win32')(
    'does not reuse a key others can read: a new one, saved owner-only',
    async () => {
      const file = rememberedAddressFile(env());
      const known = { port: 40123, token: 'a'.repeat(64) };
      await writeFile(file, JSON.stringify(known));
      await chmod(file, 0o644);
      const mode = await start();
      try {
        expect(mode.server.token).toMatch(/^[0-9a-f]{64}$/);
        expect(mode.server.token).not.toBe(known.token);
      } finally {
        await mode.close();
      }
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ token: mode.server.token });
    },
  );

  it.skipIf(process.platform === 'win32')(
    'does not follow a link: a new key, and the link is replaced, not written through',
    async () => {
      const file = rememberedAddressFile(env());
      const elsewhere = join(dir, 'elsewhere.json');
      const planted = `${JSON.stringify({ port: 40124, token: 'b'.repeat(64) })}\n`;
      await writeFile(elsewhere, planted, { mode: 0o600 });
      await rm(file, { force: true });
      await symlink(elsewhere, file);
      const mode = await start();
      try {
        expect(mode.server.token).not.toBe('b'.repeat(64));
      } finally {
        await mode.close();
      }
      const saved = await lstat(file);
      expect(saved.isFile()).toBe(true);
      expect(saved.mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ token: mode.server.token });
      expect(await readFile(elsewhere, 'utf8')).toBe(planted);
    },
  );

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
