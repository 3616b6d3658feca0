import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../src/node/hosts/web/browserMode.js';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { writeTestPack } from '../src/node/testing/packs.js';
import { findChromium } from './chromium.js';
import { SocketWatch } from './socketWatch.js';

const browser = findChromium();

/**
 * Try it asks the engine only for what it still shows: a prediction still running when the
 * model changes is cancelled and its late answer never becomes a card, and "Show where it
 * looked" asks for each new image once. Browser mode in Chromium, the real engine.
 */
test.describe('Try it drops work it no longer needs', () => {
  test.skip(!browser.path, browser.missing ?? '');
  test.describe.configure({ mode: 'serial' });
  let dir: string;
  let app: BrowserMode;
  let page: Page;
  const watch = new SocketWatch();
  const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();
  const shape = (name: string, i: number) =>
    join(dir, 'shapes', name, `${name}-${String(i).padStart(3, '0')}.png`);

  test.beforeAll(async ({ browser: chromium }) => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-try-stale-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 48, seed: 5 });
    await writeTestPack(join(dir, 'store'), 'mobilenet_v2_0.35_96');
    app = await startBrowserMode({
      env: {
        TRANSFER_STUDIO_BACKEND: 'cpu',
        TRANSFER_STUDIO_MODELS: join(dir, 'store'),
        TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
        TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
        TRANSFER_STUDIO_HOME: join(dir, 'home'),
        TRANSFER_STUDIO_RUNS: join(dir, 'runs'),
        TRANSFER_STUDIO_UPLOADS: join(dir, 'uploads'),
      },
    });
    page = await chromium.newPage({ viewport: { width: 1280, height: 800 } });
    await page.routeWebSocket(
      () => true,
      (route) => watch.attach(route),
    );
    await page.goto(app.server.url);
  });
  test.afterAll(async () => {
    await page?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('trains two models to choose from', async () => {
    await page.getByTestId('dataset-path').fill(join(dir, 'shapes'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText('18 images in 3 classes');
    await tab('Train');
    await page.getByLabel('Epochs (phase 1)').fill('1');
    for (let run = 0; run < 2; run++) {
      const started = watch.requests.length;
      await page.getByRole('button', { name: 'Start training' }).click();
      const training = await watch.until(() =>
        watch.requests.slice(started).find((r) => r.channel === 'training.start'),
      );
      // A training is one request: its answer comes when the model is written.
      await watch.until(() => (watch.answered.has(training.id ?? -1) ? true : undefined));
      await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done');
    }
    await tab('Try it');
    await expect(page.getByTestId('run-picker')).toBeVisible();
  });

  test('a prediction answered after the model changed is cancelled and never shown', async () => {
    watch.holdAnswers('model.predict');
    await page.getByTestId('try-input').setInputFiles(shape('circle', 0));
    const [stale] = await watch.until(() => {
      const ids = watch.heldAnswerIds();
      return ids.length > 0 ? ids : undefined;
    });
    // The other model: run 1 (run 2, the latest, is the one in use).
    await page.getByTestId('run-picker').click();
    await page.getByRole('option', { name: /^Run 1/ }).click();
    await watch.until(() => (watch.cancels.has(stale ?? -1) ? true : undefined));
    watch.release();
    // Answers arrive in order: once this try's card is there, the stale answer was dropped.
    await page.getByTestId('try-input').setInputFiles(shape('square', 0));
    const cards = page.getByTestId('prediction');
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText('square-000.png');
    await expect(page.getByTestId('try-error')).toHaveCount(0);
  });

  test('"Show where it looked" explains each new image once', async () => {
    await page.getByLabel('Show where it looked').check();
    const overlays = page.getByTestId('where-it-looked');
    await expect(overlays).toHaveCount(1);
    await page.getByTestId('try-input').setInputFiles(shape('triangle', 0));
    await expect(overlays).toHaveCount(2);
    expect(watch.imagesAsked('model.explain')).toEqual([['square-000.png'], ['triangle-000.png']]);
  });
});
