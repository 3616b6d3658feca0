import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { findElectronBinary } from '../bin/electronBinary.js';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { writeTestPack } from '../src/node/testing/packs.js';

const found = findElectronBinary();
const binary = 'path' in found ? { path: found.path } : { missing: found.missing };
const SKIP_REASON = `Skipped: ${binary.missing}. Run "npm start" once while online (it fetches the binary) to run the desktop tests.`;
if (binary.missing) console.warn(`e2e/electron.spec.ts: ${SKIP_REASON}`);

/** The page's globals these tests touch (the e2e code is type-checked without the DOM library). */
interface PageGlobals {
  open(url: string): unknown;
  location: { href: string };
  Notification: { requestPermission(): Promise<string> };
}

type Invoke = (
  channel: string,
  request: unknown,
) => Promise<{ ok: boolean; result?: unknown; error?: { code: string } }>;

/**
 * The desktop app itself: launched with Playwright's Electron driver, its security settings
 * checked at run time, then a tiny scan → train → export through the preload's bridge.
 */
test.describe('the desktop app (Electron)', () => {
  test.skip(!binary.path, SKIP_REASON);

  let dir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-electron-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 40, seed: 2 });
    await writeTestPack(join(dir, 'store'), 'mobilenet_v2_0.35_96');
    app = await electron.launch({
      args: ['.'],
      env: {
        ...process.env,
        TRANSFER_STUDIO_BACKEND: 'cpu',
        TRANSFER_STUDIO_MODELS: join(dir, 'store'),
        // Only the test's own pack: the repository's bundled ImageNet packs stay out of these flows.
        TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
        TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
        TRANSFER_STUDIO_HOME: join(dir, 'home'),
      },
    });
    page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'Transfer Studio' })).toBeVisible();
  });

  test.afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('runs with the security settings it was built with, as the page sees them', async () => {
    expect(page.url()).toBe('app://ui/index.html');
    const exposed = await page.evaluate(() => ({
      // nodeIntegration off and a sandboxed renderer: no Node in the page.
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      // contextBridge works only with context isolation on; it exposes the contract and no more.
      bridge: Object.keys(
        (globalThis as unknown as { transferStudio: object }).transferStudio,
      ).sort(),
      // New windows are denied.
      popup: (globalThis as unknown as PageGlobals).open('app://ui/index.html') === null,
    }));
    expect(exposed).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: ['invoke', 'pathForFile', 'subscribe'],
      popup: true,
    });
    // Permissions are denied and the network is unreachable (offline by design).
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).Notification.requestPermission(),
      ),
    ).toBe('denied');
    const reached = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => true,
        () => false,
      ),
    );
    expect(reached).toBe(false);
    // Navigation away from the app is cancelled.
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await expect(page.getByRole('heading', { name: 'Transfer Studio' })).toBeVisible();
    expect(page.url()).toBe('app://ui/index.html');
  });

  test('scans, trains and exports through the bridge', async () => {
    const call = (channel: string, request: unknown) =>
      page.evaluate(
        ([c, r]) =>
          (globalThis as unknown as { transferStudio: { invoke: Invoke } }).transferStudio.invoke(
            c as string,
            r,
          ),
        [channel, request] as const,
      );
    const scan = await call('dataset.scan', { path: join(dir, 'shapes') });
    expect(scan).toMatchObject({ ok: true, result: { files: { imported: 18 } } });
    const started = await call('training.start', {
      dataset: join(dir, 'shapes'),
      base: 'mobilenet_v2_0.35_96',
      out: join(dir, 'model'),
    });
    // training.start answers when the training has ended (progress comes as job.event).
    expect(started).toMatchObject({ ok: true, result: { modelDir: join(dir, 'model') } });
    const exported = await call('model.export', {
      modelDir: join(dir, 'model'),
      formats: ['tfjs'],
      out: join(dir, 'export'),
    });
    expect(exported).toMatchObject({
      ok: true,
      result: [{ format: 'tfjs', parity: { agreement: 1 } }],
    });
  });
});
