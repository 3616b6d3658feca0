import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { useBrowserMode } from './browserModeFixture.js';
import { testPackEnv } from './testPackEnv.js';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { writeTestPack } from '../src/node/testing/packs.js';

/**
 * Where the model looked: train a small model, then Try it with "Show where it looked" on shows
 * the image with its Grad-CAM heatmap over it, and Evaluate shows it for an evaluated image on
 * demand. Browser mode in Chromium, the real engine; waits on what the app shows, never on sleeps.
 */
test.describe('where the model looked', () => {
  const session = useBrowserMode({
    name: 'explain',
    prepare: async (dir) => {
      await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 48, seed: 5 });
      await writeTestPack(join(dir, 'store'), 'mobilenet_v2_0.35_96');
      return testPackEnv(dir);
    },
  });

  const { tab } = session;
  /** The overlay has really been decoded by the browser: a PNG with pixels. */
  const expectDrawn = async (overlay: ReturnType<Page['getByTestId']>) => {
    await expect(overlay).toBeVisible();
    await expect(overlay).toHaveAttribute('src', /^data:image\/png;base64,/);
    await expect
      .poll(() =>
        overlay.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
  };

  test('imports and trains a small model', async () => {
    await session.page.getByTestId('dataset-path').fill(join(session.dir, 'shapes'));
    await session.page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(session.page.getByTestId('scan-result')).toContainText('18 images in 3 classes');
    await tab('Train');
    await session.page.getByLabel('Epochs (phase 1)').fill('2');
    await session.page.getByRole('button', { name: 'Start training' }).click();
    await expect(session.page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
  });

  test('Try it: "Show where it looked" lays the heatmap over the image', async () => {
    await tab('Try it');
    await session.page
      .getByTestId('try-input')
      .setInputFiles(join(session.dir, 'shapes', 'circle', 'circle-000.png'));
    await expect(session.page.getByTestId('prediction')).toHaveCount(1);
    await expect(session.page.getByTestId('where-it-looked')).toHaveCount(0);
    await session.page.getByLabel('Show where it looked').check();
    const overlay = session.page.getByTestId('prediction').getByTestId('where-it-looked');
    await expectDrawn(overlay);
    await expect(overlay).toHaveAttribute('alt', /Where the model looked in circle-000\.png for /);
    await session.page.screenshot({
      path: 'test-results/screens/try-where-it-looked.png',
      fullPage: true,
    });
    await session.page.getByLabel('Show where it looked').uncheck();
    await expect(session.page.getByTestId('where-it-looked')).toHaveCount(0);
  });

  test('Evaluate: an evaluated image shows where the model looked, on demand', async () => {
    await tab('Evaluate');
    await expect(session.page.getByTestId('accuracy')).toContainText('validation images');
    // A confusion cell with images in it (any: right answers show as well as mistakes).
    await session.page
      .getByTestId('confusion-matrix')
      .getByRole('button')
      .filter({ hasNotText: /^0$/ })
      .first()
      .click();
    const card = session.page.getByTestId('verdict-card').first();
    await card.getByRole('button', { name: 'Where it looked' }).click();
    await expectDrawn(card.getByTestId('where-it-looked'));
    await card.getByRole('button', { name: 'Hide where it looked' }).click();
    await expect(card.getByTestId('where-it-looked')).toHaveCount(0);
  });
});
