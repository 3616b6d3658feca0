import { join } from 'node:path';
import { chromium as chromiumType, expect, test } from '@playwright/test';
import { useBrowserMode } from './browserModeFixture.js';
import { CHROMIUM_FLAGS, findChromium } from './chromium.js';
import { testPackEnv } from './testPackEnv.js';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { writeTestPack } from '../src/node/testing/packs.js';

// Only this spec: Chromium's built-in fake camera (a moving test pattern), and its permission
// prompt answered yes, so getUserMedia works on the loopback page without a real device.
const chromium = findChromium();
test.use({
  launchOptions: {
    args: [
      ...CHROMIUM_FLAGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
    ...(chromium.path ? { executablePath: chromium.path } : {}),
  },
});

/**
 * The camera, end to end in browser mode with the real engine: hold the record button until 20
 * frames are taken into a class, see them saved and counted, train, then Try it's live mode
 * classifies the camera stream with predictions that keep coming and change. Waits on what the
 * app shows, never on sleeps.
 */
test.describe('webcam capture and live prediction', () => {
  const session = useBrowserMode({
    name: 'camera',
    prepare: async (dir) => {
      await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 48, seed: 7 });
      await writeTestPack(join(dir, 'store'), 'mobilenet_v2_0.35_96');
      return testPackEnv(dir);
    },
  });
  const { tab } = session;

  test('records a burst of frames into a class, saved and counted', async () => {
    const { page } = session;
    await page.getByTestId('dataset-path').fill(join(session.dir, 'shapes'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText('18 images in 3 classes');
    const circle = page.locator('[data-testid="class-card"][data-class="circle"]');
    await circle.getByRole('button', { name: 'Use camera' }).click();
    const dialog = page.getByTestId('camera-capture');
    await expect(dialog.getByTestId('camera-preview')).toHaveAttribute('data-state', 'live');
    const counter = dialog.getByTestId('camera-saved');

    const hold = dialog.getByRole('button', { name: 'Hold to record' });
    await hold.hover();
    await page.mouse.down();
    await expect(dialog.getByRole('button', { name: 'Recording…' })).toBeVisible();
    await expect
      .poll(async () => Number(await counter.getAttribute('data-taken')))
      .toBeGreaterThanOrEqual(20);
    await page.mouse.up();
    await expect(dialog.getByRole('button', { name: 'Hold to record' })).toBeVisible();
    const taken = Number(await counter.getAttribute('data-taken'));
    await expect(counter).toHaveAttribute('data-saved', String(taken));
    await expect(counter).toContainText(`${taken} frames saved`);
    await page.screenshot({ path: 'test-results/screens/camera-capture.png' });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(circle).toContainText(`${6 + taken} images`);
    await expect(page.getByTestId('scan-result')).toContainText(
      `${18 + taken} images in 3 classes`,
    );
  });

  test('trains on them', async () => {
    await tab('Train');
    await session.page.getByLabel('Epochs (phase 1)').fill('2');
    await session.page.getByRole('button', { name: 'Start training' }).click();
    await expect(session.page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
  });

  test('Try it live: predictions of the camera stream keep coming and change', async () => {
    const { page } = session;
    await tab('Try it');
    await page.getByTestId('live-toggle').click();
    const live = page.getByTestId('live-prediction');
    await expect(live).toBeVisible();
    const answered = async () => Number(await live.getAttribute('data-count'));
    const probabilities = () =>
      live
        .getByTestId('live-bar')
        .evaluateAll((bars) =>
          bars.map((b) => `${b.getAttribute('data-class')}=${b.getAttribute('data-probability')}`),
        );
    await expect.poll(answered).toBeGreaterThanOrEqual(1);
    const first = { count: await answered(), bars: await probabilities() };
    expect(first.bars).toHaveLength(3);
    await expect.poll(answered).toBeGreaterThanOrEqual(first.count + 5);
    await expect.poll(async () => (await probabilities()).join(' ')).not.toBe(first.bars.join(' '));
    await expect(page.getByTestId('live-rate')).toHaveText(/\d+\.\d predictions\/s/);
    await page.screenshot({ path: 'test-results/screens/camera-live.png', fullPage: true });
    await page.getByTestId('live-toggle').click();
    await expect(live).toHaveCount(0);
  });

  /** A second Chromium on the same app, with another camera setup, opened on the Data screen. */
  const otherBrowser = async (cameraArgs: string[]) => {
    const browser = await chromiumType.launch({
      args: [...CHROMIUM_FLAGS, ...cameraArgs],
      ...(chromium.path ? { executablePath: chromium.path } : {}),
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(session.app.server.url);
    await page.getByTestId('dataset-path').fill(join(session.dir, 'shapes'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText('in 3 classes');
    return { browser, page };
  };

  for (const [name, cameraArgs, message] of [
    [
      'permission refused',
      ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream=deny'],
      'Camera permission was refused — ',
    ],
    ['no camera at all', ['--use-fake-ui-for-media-stream'], 'No camera found'],
  ] as const)
    test(`${name}: a plain message, and the rest of the app still works`, async () => {
      const { browser, page } = await otherBrowser([...cameraArgs]);
      try {
        const square = page.locator('[data-testid="class-card"][data-class="square"]');
        await square.getByRole('button', { name: 'Use camera' }).click();
        const dialog = page.getByTestId('camera-capture');
        await expect(dialog.getByTestId('camera-problem')).toContainText(message);
        await expect(dialog.getByRole('button', { name: 'Hold to record' })).toBeDisabled();
        await dialog.getByRole('button', { name: 'Done' }).click();
        await expect(dialog).toHaveCount(0);
        await page.getByRole('tab', { name: 'Try it', exact: true }).click();
        await page.getByTestId('live-toggle').click();
        await expect(page.getByTestId('camera-problem')).toContainText(message);
        await page.getByTestId('live-toggle').click();
        await expect(page.getByTestId('camera-problem')).toHaveCount(0);
        await expect(page.getByTestId('try-input')).toBeAttached();
        await page.getByRole('tab', { name: 'Train', exact: true }).click();
        await expect(page.getByRole('button', { name: 'Start training' })).toBeVisible();
      } finally {
        await browser.close();
      }
    });
});
