import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useBrowserMode } from './browserModeFixture.js';

interface DomConstructors {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
}

/**
 * The training form refuses what it cannot train with and says why; Try it keeps every result
 * with the picture it classified, takes dropped images, and says plainly when a path is a folder.
 * Browser mode on an empty app home, the real engine; waits on what the app shows, never sleeps.
 */
test.describe('the training form and Try it', () => {
  const session = useBrowserMode({
    name: 'try-train-form',
    prepare: async (dir) => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') }),
  });
  const { tab } = session;
  const sample = () => join(session.dir, 'home', 'samples', 'fashion');
  /** `count` images of the imported sample, each from another class, as paths on disk. */
  const sampleImages = async (count: number, skip = 0) => {
    const classes = (await readdir(sample())).sort();
    const images: string[] = [];
    for (const name of classes.slice(0, count)) {
      const files = (await readdir(join(sample(), name))).sort();
      images.push(join(sample(), name, files[skip] ?? ''));
    }
    return images;
  };
  const start = () => session.page.getByRole('button', { name: 'Start training' });
  const epochs = () => session.page.getByLabel('Epochs (phase 1)');

  test('Start is disabled, with the reason, before a dataset is imported', async () => {
    // The first listing copies the samples into the app home: let it finish before leaving Data.
    await expect(session.page.getByTestId('try-sample')).toContainText('240 images');
    await tab('Train');
    await expect(start()).toBeDisabled();
    await expect(session.page.getByTestId('start-blocked')).toHaveText(
      'Import a dataset first (Data).',
    );
    // The form is there to read and set before any data.
    await expect(session.page.getByText('0.001 suits most data', { exact: false })).toBeVisible();
  });

  test('imports the sample with one click', async () => {
    await tab('Data');
    await session.page.getByRole('button', { name: 'Try it with sample images' }).click();
    await expect(session.page.getByTestId('scan-result')).toContainText('240 images in 4 classes');
  });

  test('an invalid number stays, says what is wrong and blocks Start until fixed', async () => {
    const { page } = session;
    await tab('Train');
    await expect(start()).toBeEnabled();
    await epochs().fill('-3');
    await expect(epochs()).toHaveValue('-3');
    await expect(epochs()).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Must be from 1 to 1000.')).toBeVisible();
    await expect(start()).toBeDisabled();
    await expect(page.getByTestId('start-blocked')).toHaveText(
      'Fix the settings marked in red to start.',
    );
    const rate = page.getByLabel('Learning rate');
    await rate.fill('5');
    await expect(page.getByText('Must be above 0 and at most 1.')).toBeVisible();
    await rate.fill('fast');
    await expect(page.getByText('Type a number.')).toBeVisible();
    await page.getByLabel('Batch size').fill('0');
    await expect(page.getByText('Must be from 1 to 4096.')).toBeVisible();
    await rate.fill('0.001');
    await page.getByLabel('Batch size').fill('32');
    await epochs().fill('2');
    await expect(epochs()).toHaveAttribute('aria-invalid', 'false');
    await expect(page.getByTestId('start-blocked')).toHaveCount(0);
    await expect(start()).toBeEnabled();
  });

  test('trains a few epochs', async () => {
    await start().click();
    await expect(session.page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
  });

  test('Try it adds new results on top, each with its picture', async () => {
    const { page } = session;
    await tab('Try it');
    const predictions = page.getByTestId('prediction');
    // Two classes' first images share a name ("001.png"): both must still be tried, apart.
    const [first, second] = await sampleImages(2);
    const [third] = await sampleImages(1, 2);
    await page.getByTestId('try-input').setInputFiles([first ?? '', second ?? '']);
    await expect(predictions).toHaveCount(2);
    await expect(predictions.nth(1)).not.toHaveText(await predictions.nth(0).innerText());
    await page.getByTestId('try-input').setInputFiles(third ?? '');
    await expect(predictions).toHaveCount(3);
    const newest = (third ?? '').split('/').pop() ?? '';
    await expect(predictions.first()).toContainText(newest);
    const thumbnails = page.getByTestId('prediction-thumbnail');
    await expect(thumbnails).toHaveCount(3);
    for (const thumbnail of await thumbnails.all()) {
      await expect(thumbnail).toHaveAttribute('src', /^data:image\//);
      await expect
        .poll(() => thumbnail.evaluate((img) => (img as { naturalWidth: number }).naturalWidth))
        .toBeGreaterThan(0);
    }
    await page.screenshot({ path: 'test-results/screens/try-thumbnails.png', fullPage: true });
  });

  test('images dropped on Try it are tried there and added', async () => {
    const { page } = session;
    const [image] = await sampleImages(1, 1);
    const file = {
      name: (image ?? '').split('/').pop() ?? '',
      bytes: [...(await readFile(image ?? ''))],
    };
    const transfer = await page.evaluateHandle((f) => {
      const dom = globalThis as unknown as DomConstructors;
      const data = new dom.DataTransfer();
      data.items.add(new dom.File([new Uint8Array(f.bytes)], f.name, { type: 'image/png' }));
      return data;
    }, file);
    await page.getByTestId('try-drop').dispatchEvent('drop', { dataTransfer: transfer });
    await expect(page.getByTestId('prediction')).toHaveCount(4);
    await expect(page.getByTestId('prediction').first()).toContainText(file.name);
    await expect(page.getByRole('tab', { name: 'Try it', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  test('a typed folder path says plainly it is a folder, keeping the results', async () => {
    const { page } = session;
    await page.getByTestId('try-path').fill(sample());
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    const error = page.getByTestId('try-error');
    await expect(error).toContainText(
      'is a folder: choose image files, or type the path of one image',
    );
    await expect(error).not.toContainText('EISDIR');
    await expect(page.getByTestId('prediction')).toHaveCount(4);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect(page.getByTestId('prediction')).toHaveCount(0);
  });
});
