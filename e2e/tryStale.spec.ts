import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { writeTestPack } from '../src/node/testing/packs.js';
import { useBrowserMode } from './browserModeFixture.js';
import { SocketWatch } from './socketWatch.js';
import { testPackEnv } from './testPackEnv.js';

/**
 * Try it asks the engine only for what it still shows: a prediction still running when the
 * model changes is cancelled and its late answer never becomes a card, and "Show where it
 * looked" asks for each new image once. Browser mode in Chromium, the real engine.
 */
test.describe('Try it drops work it no longer needs', () => {
  const watch = new SocketWatch();
  const session = useBrowserMode({
    name: 'try-stale',
    routeSocket: (route) => watch.attach(route),
    prepare: async (dir) => {
      await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 48, seed: 5 });
      await writeTestPack(join(dir, 'store'), 'mobilenet_v2_0.35_96');
      return testPackEnv(dir);
    },
  });
  const { tab } = session;
  const shape = (name: string, i: number) =>
    join(session.dir, 'shapes', name, `${name}-${String(i).padStart(3, '0')}.png`);

  test('trains two models to choose from', async () => {
    const { page } = session;
    await page.getByTestId('dataset-path').fill(join(session.dir, 'shapes'));
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
    const { page } = session;
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
    const { page } = session;
    await page.getByLabel('Show where it looked').check();
    const overlays = page.getByTestId('where-it-looked');
    await expect(overlays).toHaveCount(1);
    await page.getByTestId('try-input').setInputFiles(shape('triangle', 0));
    await expect(overlays).toHaveCount(2);
    expect(watch.imagesAsked('model.explain')).toEqual([['square-000.png'], ['triangle-000.png']]);
  });
});
