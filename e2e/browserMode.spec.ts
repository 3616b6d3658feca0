import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { truncated } from '../src/node/testing/images.js';
import { writeTestPack } from '../src/node/testing/packs.js';
import { workerTrainerLauncher } from '../src/node/hosts/trainer/workerLauncher.js';
import { startBrowserMode, type BrowserMode } from '../src/node/hosts/web/browserMode.js';
import { findChromium } from './chromium.js';

const browser = findChromium();

/**
 * The real UI in Chromium through browser mode: the built renderer from the loopback server, the
 * contract over its WebSocket, the real engine in a worker thread, real files on disk.
 */
test.describe('browser mode', () => {
  test.skip(!browser.path, browser.missing ?? '');

  let dir: string;
  let app: BrowserMode;

  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-web-'));
    const dataset = join(dir, 'shapes');
    await writeShapeSamples(dataset, { perClass: 4, size: 40, seed: 3 });
    const photo = await readFile(join(dataset, 'circle', 'circle-001.png'));
    await writeFile(join(dataset, 'square', 'broken.png'), truncated(photo));
    await writeTestPack(join(dir, 'store'), 'mobilenet_v2_0.35_96');
    app = await startBrowserMode({
      env: {
        TRANSFER_STUDIO_BACKEND: 'cpu',
        TRANSFER_STUDIO_MODELS: join(dir, 'store'),
        // Only the test's own pack: the repository's bundled ImageNet packs stay out of these flows.
        TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
        TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
        TRANSFER_STUDIO_HOME: join(dir, 'home'),
      },
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('refuses a visitor without the access key', async ({ page }) => {
    const response = await page.goto(`http://127.0.0.1:${app.server.port}/`);
    expect(response?.status()).toBe(403);
    await expect(page.locator('body')).toContainText('Open the address printed by "npm run web"');
  });

  test('shows the app, talks to the engine in its thread, imports a dataset by path', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(app.server.url);
    await expect(page.getByRole('heading', { name: 'Transfer Studio' })).toBeVisible();
    // The key leaves the address bar once the page has its cookie.
    await expect(page).toHaveURL(`http://127.0.0.1:${app.server.port}/`);
    // The backend badge fills in from the engine, over the WebSocket, in the worker thread.
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu');

    // A dataset typed by path (the way without dialogs), read by the trainer in its thread.
    await page.getByTestId('dataset-path').fill(join(dir, 'shapes'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText(
      '12 images in 3 classes · 1 file skipped',
    );
  });
});

test.describe('browser mode when the trainer dies', () => {
  test.skip(!browser.path, browser.missing ?? '');

  let dir: string;
  let app: BrowserMode;

  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-crash-'));
    const entry = join(dir, 'crashing-trainer.mjs');
    await writeFile(
      entry,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(9));\n",
    );
    app = await startBrowserMode({ env: {}, launcher: workerTrainerLauncher({ entry, env: {} }) });
  });

  test.afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('tells the user why, and the page stays usable', async ({ page }) => {
    await page.goto(app.server.url);
    await expect(page.getByTestId('trainer-exited')).toContainText(
      'The trainer stopped unexpectedly (exit code 9',
    );
    await expect(page.getByTestId('backend-badge')).toContainText('exit code 9');
    await page.getByRole('tab', { name: 'Model', exact: true }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
  });
});
