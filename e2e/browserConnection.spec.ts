import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeStoredZip, type StoredZipEntry } from '../src/node/adapters/files/storedZip.js';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { startBrowserMode, type BrowserMode } from '../src/node/hosts/web/browserMode.js';
import { findChromium } from './chromium.js';

const browser = findChromium();
/** Waits on the engine (a worker thread starting, a scan) only guard a hang: busy machines are slow. */
const ENGINE = { timeout: 300_000 };

/**
 * Browser mode with real inputs: a zip picked with "Add zip…" (sent in chunks, scanned as a zip
 * dataset), and a server that goes away under an open page and comes back.
 */
test.describe('browser mode: uploads and a lost connection', () => {
  test.skip(!browser.path, browser.missing ?? '');

  let dir: string;
  let app: BrowserMode;
  const env = () => ({
    TRANSFER_STUDIO_BACKEND: 'cpu',
    TRANSFER_STUDIO_HOME: join(dir, 'home'),
    TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
    // Only what the test installs: the repository's bundled ImageNet packs stay out of listings.
    TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
  });

  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-conn-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 4, size: 40, seed: 3 });
    app = await startBrowserMode({ env: env() });
  });

  test.afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('"Add zip…" with a zip of several MiB imports it as a zip dataset', async ({ page }) => {
    const zip = join(dir, 'google.zip');
    // 3 MiB of noise makes the zip span several upload chunks; it is skipped as not an image.
    const entries = [...(await shapeEntries(join(dir, 'shapes')))];
    entries.push({ name: 'circle/noise.png', data: randomBytes(3 * 2 ** 20) });
    await writeFile(zip, writeStoredZip(entries));
    await page.goto(app.server.url);
    await page.locator('input[type=file][accept*=zip]').setInputFiles(zip);
    await expect(page.getByTestId('scan-result')).toContainText(
      '12 images in 3 classes · 1 file skipped',
      ENGINE,
    );
  });

  test('a lost server shows a banner, failed actions say so, and it reconnects', async ({
    page,
  }) => {
    await page.goto(app.server.url);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu', ENGINE);
    const { port, token } = app.server;
    await app.close();
    await expect(page.getByTestId('connection-lost')).toContainText('npm run web', ENGINE);

    await page.getByTestId('dataset-path').fill(join(dir, 'shapes'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('connection-failed-calls')).toContainText('1 action', ENGINE);

    // The same server back on the same port with the same key: the page reconnects by itself.
    app = await startBrowserMode({ env: env(), port, token });
    await expect(page.getByTestId('connection-lost')).toBeHidden(ENGINE);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText('12 images in 3 classes', ENGINE);
  });
});

async function shapeEntries(folder: string): Promise<StoredZipEntry[]> {
  const entries: StoredZipEntry[] = [];
  for (const name of await readdir(folder))
    for (const file of await readdir(join(folder, name)))
      entries.push({ name: `${name}/${file}`, data: await readFile(join(folder, name, file)) });
  return entries;
}
