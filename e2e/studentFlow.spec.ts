import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { truncated } from '../src/node/testing/images.js';
import { writeTestPack } from '../src/node/testing/packs.js';
import { useBrowserMode } from './browserModeFixture.js';
import { SocketWatch } from './socketWatch.js';
import { testPackEnv } from './testPackEnv.js';

/** The page's DOM constructors (the e2e code is type-checked without the DOM library). */
interface DomConstructors {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
}
const SCREENSHOTS = 'test-results/screens';

/**
 * What a student does, in the real UI (browser mode, Chromium) against the real engine and real
 * files: import classes with the folder picker, add images by dropping them on a class, pick a
 * base and move the freeze slider, train with live charts, read the confusion matrix, try an
 * image, export TF.js and see the parity check. Waits on what the app shows, never on sleeps.
 */
test.describe('a student’s session', () => {
  const gate = new SocketWatch();
  const session = useBrowserMode({
    name: 'student',
    routeSocket: (route) => gate.attach(route),
    prepare: async (dir) => {
      await writeShapeSamples(join(dir, 'shapes'), { perClass: 8, size: 48, seed: 11 });
      const sample = await readFile(join(dir, 'shapes', 'circle', 'circle-000.png'));
      await writeFile(join(dir, 'shapes', 'square', 'broken.png'), truncated(sample));
      await mkdir(join(dir, 'extra'));
      await writeShapeSamples(join(dir, 'extra-src'), { perClass: 2, size: 48, seed: 99 });
      await writeTestPack(join(dir, 'store'), 'mobilenet_v2_0.35_96');
      await writeTestPack(join(dir, 'usb-pack'), 'mobilenet_v1_0.25_128', 'usb pack');
      // wasm, as on a classroom machine without TensorFlow's native library.
      return testPackEnv(dir, 'wasm');
    },
  });
  const { tab } = session;
  let dir: string;
  let page: Page;
  test.beforeAll(async () => {
    ({ dir, page } = session);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  });

  /** A real drop event's data carrying real files, built in the page as a browser builds one. */
  const dropOf = async (paths: string[]) => {
    const files = await Promise.all(
      paths.map(async (path) => ({
        name: path.split('/').pop() ?? path,
        bytes: [...(await readFile(path))],
      })),
    );
    return page.evaluateHandle((list) => {
      const dom = globalThis as unknown as DomConstructors;
      const data = new dom.DataTransfer();
      for (const f of list)
        data.items.add(new dom.File([new Uint8Array(f.bytes)], f.name, { type: 'image/png' }));
      return data;
    }, files);
  };
  const shoot = async (name: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${scheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  test('imports class folders with the folder picker, and sees counts and the damaged file', async () => {
    await page.getByTestId('folder-input').setInputFiles(join(dir, 'shapes'));
    const result = page.getByTestId('scan-result');
    await expect(result).toContainText('24 images in 3 classes · 1 file skipped');
    await expect(page.getByTestId('class-card')).toHaveCount(3);
    await expect(page.getByTestId('problems')).toContainText('broken.png');
    await expect(page.getByTestId('thumbnails').first().locator('img')).toHaveCount(6);
    // The first import creates a project, saved a moment later.
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await shoot('data');
  });

  test('adds images to a class by dropping them on its card', async () => {
    const transfer = await dropOf(
      ['triangle-000.png', 'triangle-001.png'].map((n) => join(dir, 'extra-src', 'triangle', n)),
    );
    await page.locator('[data-class="triangle"]').dispatchEvent('drop', { dataTransfer: transfer });
    await expect(page.locator('[data-class="triangle"]')).toContainText('10 images');
    await expect(page.getByTestId('scan-result')).toContainText('26 images in 3 classes');
  });

  test('adds a model pack from a folder, then picks a base and moves the freeze slider', async () => {
    await tab('Model');
    await page.getByTestId('pack-path').fill(join(dir, 'usb-pack', 'mobilenet_v1_0.25_128'));
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText('Added usb pack (mobilenet_v1_0.25_128).')).toBeVisible();
    // The added pack became the base; go back to MobileNet V2.
    await page.getByTestId('base-select').click();
    await page.getByRole('option', { name: /MobileNet V2/ }).click();
    const params = page.getByTestId('trainable-params');
    // "Top": only the last 1×1 convolution and its BatchNorm fine-tune.
    await expect(params).toHaveText(/^145,920 of 410,208 base parameters/);
    const slider = page.getByTestId('freeze-slider').getByRole('slider');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(params).not.toHaveText(/^145,920 of/);
    await expect(page.getByTestId('layer-table')).toContainText('block_16_project');
    // A single layer switched off: fewer trainable parameters.
    const before = await params.textContent();
    // The box follows the engine's summary, so it changes once the engine has answered.
    const layer = page.getByRole('checkbox', { name: 'block_16_project trains in fine-tuning' });
    await layer.click();
    await expect(layer).not.toBeChecked();
    await expect(params).not.toHaveText(before ?? '');
    await expect(page.getByRole('button', { name: 'Undo 1 single-layer change' })).toBeVisible();
    await shoot('model');
    await slider.focus();
    await page.keyboard.press('End');
    await expect(params).toHaveText(/^145,920 of 410,208 base parameters/);
  });

  test('stops a training with Cancel, leaving the engine free for the next one', async () => {
    await tab('Train');
    const patience = page.getByLabel('Early stopping patience');
    const kept = await patience.inputValue();
    await page.getByLabel('Epochs (phase 1)').fill('200');
    await patience.fill('200');
    await page.getByRole('button', { name: 'Start training' }).click();
    const progress = page.getByTestId('job-progress');
    await expect(progress).toHaveAttribute('data-status', 'running');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(progress).toHaveAttribute('data-status', 'failed', { timeout: 120_000 });
    await expect(progress).toContainText(/cancelled/i);
    await patience.fill(kept);
  });

  test('trains to the end with the charts receiving points', async () => {
    await tab('Train');
    await page.getByLabel('Epochs (phase 1)').fill('4');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
    await expect(page.getByTestId('job-progress')).toContainText(
      'of the validation images are right',
    );
    for (const metric of ['loss', 'accuracy']) {
      const points = Number(await page.getByTestId(`chart-${metric}`).getAttribute('data-points'));
      expect(points).toBeGreaterThan(8);
    }
    await shoot('train');
  });

  test('opens the confusion matrix and the runs', async () => {
    await tab('Evaluate');
    await expect(page.getByTestId('accuracy')).toContainText('validation images');
    const cells = page.getByTestId('confusion-matrix').getByRole('button');
    await expect(cells).toHaveCount(9);
    await cells.first().click();
    await expect(cells.first()).toHaveAttribute('aria-pressed', 'true');
    // The hardest examples show their images (thumbnails from the dataset).
    await expect(page.getByTestId('hardest').locator('img').first()).toBeVisible();
    await shoot('evaluate');
    await tab('Runs');
    await expect(page.getByTestId('runs-table').getByRole('row')).toHaveCount(2);
    // Transfer vs. from scratch: the small CNN trains on the same images beside it. Cancelled, it
    // keeps nothing; run again, it joins the table with the accuracy of the epoch it kept. The
    // request waits at the gate until its cancel is sent too, so the cancel always finds it
    // running (on this small dataset the whole run takes a few seconds).
    const scratch = page.getByRole('button', {
      name: 'Train a small network from scratch (to compare)',
    });
    gate.holdRequests('training.scratch');
    await scratch.click();
    const run = await gate.until(() => gate.heldRequestIds()[0]);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await gate.until(() => (gate.cancels.has(run) ? true : undefined));
    gate.release();
    await gate.until(() => (gate.answered.has(run) ? true : undefined));
    await expect(
      page.getByText('The from-scratch run was cancelled; nothing was saved.'),
    ).toBeVisible();
    await expect(page.getByTestId('scratch-row')).toHaveCount(0);
    await scratch.click();
    await expect(page.getByTestId('scratch-row')).toContainText('small CNN', { timeout: 600_000 });
    await expect(page.getByTestId('scratch-row')).toContainText(/% \(epoch \d+ kept\)/);
    await shoot('runs');
  });

  test('explains the backend, and every screen fits 1024×700 without sideways scrolling', async () => {
    await page.getByTestId('backend-badge').click();
    await expect(page.getByRole('dialog')).toContainText('Details for engineers');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.setViewportSize({ width: 1024, height: 700 });
    for (const name of ['Data', 'Model', 'Train', 'Evaluate', 'Runs', 'Try it', 'Export']) {
      await tab(name);
      const overflow = await page.evaluate(() => {
        const root = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, name).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('predicts a new image', async () => {
    await tab('Try it');
    await page
      .getByTestId('try-input')
      .setInputFiles(join(dir, 'extra-src', 'circle', 'circle-000.png'));
    const prediction = page.getByTestId('prediction');
    await expect(prediction).toContainText('circle-000.png');
    await expect(prediction.getByRole('progressbar')).toHaveCount(3);
    // Dropped on the page, an image is tried (not imported as a dataset).
    const transfer = await dropOf([join(dir, 'extra-src', 'square', 'square-001.png')]);
    await page.getByTestId('try-drop').dispatchEvent('drop', { dataTransfer: transfer });
    // Results accumulate, newest first.
    await expect(page.getByTestId('prediction').first()).toContainText('square-001.png');
    await shoot('try');
  });

  test('exports TF.js and sees the parity check', async () => {
    await tab('Export');
    await expect(page.getByTestId('export-path')).toBeVisible();
    await page.getByTestId('export-path').fill(join(dir, 'export'));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByTestId('export-result')).toContainText('100.00% same top class');
    await page.getByText('Model card (README.md beside the export)').click();
    // The card is rendered (a heading, not "## Loading it" as raw Markdown).
    await expect(
      page.getByTestId('model-card').getByRole('heading', { name: 'Loading it' }),
    ).toBeVisible();
    await expect(page.getByTestId('model-card')).not.toContainText('## ');
    expect(await readdir(join(dir, 'export'))).toEqual(
      expect.arrayContaining(['model.json', 'metadata.json', 'README.md', 'labels.txt']),
    );
    await shoot('export');
  });

  test('writes the hand-in zip with the lab report', async () => {
    await page.getByTestId('hand-in-path').fill(join(dir, 'hand-in.zip'));
    await page.getByRole('button', { name: 'Write the hand-in zip' }).click();
    await expect(page.getByTestId('hand-in-result')).toContainText('hand-in.zip');
  });

  test('after a restart, offers to carry on with the project and restores it', async ({
    browser: chromium,
  }) => {
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    const again = await chromium.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await again.goto(session.app.server.url);
      await expect(again.getByTestId('recover')).toContainText('Carry on with “shapes”');
      await again.getByRole('button', { name: 'Open it' }).click();
      await expect(again.getByTestId('recovered')).toContainText('Its images are as they were.');
      await expect(again.getByTestId('scan-result')).toContainText('26 images in 3 classes');
      await again.getByRole('tab', { name: 'Model', exact: true }).click();
      await expect(again.getByTestId('trainable-params')).toContainText('410,208');
      // The earlier run is kept, with its curve, and its model is ready to try and export.
      await again.getByRole('tab', { name: 'Runs', exact: true }).click();
      await expect(again.getByTestId('past-run')).toHaveCount(1);
      await expect(again.getByTestId('scratch-row')).toContainText('from scratch (small CNN)');
      // Its evaluation: the model run again on the validation images it recorded.
      await again.getByRole('tab', { name: 'Evaluate', exact: true }).click();
      await expect(again.getByTestId('accuracy')).toContainText('validation images');
      await expect(again.getByTestId('confusion-matrix').getByRole('button')).toHaveCount(9);
      await again.getByRole('tab', { name: 'Try it', exact: true }).click();
      await again
        .getByTestId('try-input')
        .setInputFiles(join(dir, 'extra-src', 'square', 'square-000.png'));
      await expect(again.getByTestId('prediction')).toContainText('square-000.png');
    } finally {
      await again.close();
    }
  });
});
