import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../src/node/hosts/web/browserMode.js';
import { findChromium } from './chromium.js';

const browser = findChromium();
const fashion = fileURLToPath(new URL('../assets/samples/fashion', import.meta.url));

/**
 * What a teacher meets after the first run (#16): picking which run to evaluate, try and export
 * (one choice shared by the three screens), evaluating a separate test folder, and restarting
 * `npm run web` (remembered port and key) with the page reloaded: the same address opens and the
 * project comes back. Browser mode in Chromium with the real engine; waits on what the app shows.
 */
test.describe('run picker, test folder, restart and reload', () => {
  test.skip(!browser.path, browser.missing ?? '');
  test.describe.configure({ mode: 'serial' });

  let dir: string;
  let app: BrowserMode;
  let page: Page;
  const env = () => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
  const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();
  const picker = () => page.getByTestId('run-picker');

  test.beforeAll(async ({ browser: chromium }) => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-walk-'));
    await writeTestFolder(join(dir, 'test-set'));
    app = await startBrowserMode({ env: env(), remember: true });
    page = await chromium.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
  });

  test.afterAll(async () => {
    await page?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function train(epochs: number) {
    await tab('Train');
    await page.getByLabel('Epochs (phase 1)').fill(String(epochs));
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
  }

  test('two runs on the sample: Evaluate, Try it and Export share the picked run', async () => {
    await page.getByRole('button', { name: 'Try it with sample images' }).click();
    await expect(page.getByTestId('class-card')).toHaveCount(4);
    await train(1);
    await tab('Evaluate');
    // One run: nothing to pick.
    await expect(page.getByTestId('accuracy')).toContainText('validation images');
    await expect(picker()).toHaveCount(0);
    await train(2);

    await tab('Evaluate');
    await expect(picker()).toContainText('Run 2');
    await expect(picker()).toContainText('(latest)');
    await picker().click();
    const options = page.getByRole('option');
    await expect(options).toHaveCount(2);
    const first = options.filter({ hasText: 'Run 1' });
    const percent = /— ([\d.]+%)/.exec(await first.innerText())?.[1] ?? '';
    expect(percent).not.toBe('');
    await first.click();
    await expect(picker()).toContainText('Run 1');
    // The evaluation shown is that run's: its accuracy is the one the picker names.
    await expect(page.getByTestId('accuracy')).toContainText(`${percent} right on`);

    for (const screen of ['Try it', 'Export']) {
      await tab(screen);
      await expect(picker()).toContainText('Run 1');
    }
    await picker().click();
    await page.getByRole('option', { name: /Run 2/ }).click();
    await tab('Evaluate');
    await expect(picker()).toContainText('Run 2');
  });

  test('evaluates a separate test folder, labelled as that folder, not the validation images', async () => {
    const testSet = join(dir, 'test-set');
    await page.getByTestId('test-folder-path').fill(testSet);
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    const results = page.getByTestId('folder-evaluation');
    await expect(results).toBeVisible();
    await expect(page.getByTestId('accuracy')).toContainText(
      `right on 16 images of the folder ${testSet} (not the validation images)`,
    );
    // A class the model never learned is named, not silently counted as a mistake.
    await expect(results.getByRole('alert')).toContainText('the images of hat');
    // Its confusion matrix counts the folder's images: 4 per known class.
    const cell = page.getByRole('button', { name: /^bag predicted as bag: \d+$/ });
    const row = page.getByRole('button', { name: /^bag predicted as / });
    const counts = await row.evaluateAll((cells) =>
      cells.map((c) => Number(/: (\d+)$/.exec(c.getAttribute('aria-label') ?? '')?.[1])),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    await cell.click();
    await expect(page.getByTestId('cell-title')).toContainText('True: bag · Predicted: bag');
    // The folder's images are not the project's: nothing offers to move them.
    await expect(page.getByRole('button', { name: /^Move to/ })).toHaveCount(0);

    // Browser mode's folder picker: the folder's files are sent, and it is named as picked.
    await page.getByTestId('test-folder-input').setInputFiles(testSet);
    await expect(page.getByTestId('accuracy')).toContainText(
      'right on 16 images of the folder test-set (not the validation images)',
    );
    await page.getByRole('button', { name: 'Validation images' }).click();
    await expect(page.getByTestId('accuracy')).toContainText('validation images');
    await page.getByTestId('folder-source').click();
    await expect(page.getByTestId('accuracy')).toContainText('images of the folder');
  });

  test('at 1024×700 no screen scrolls sideways; how far each scrolls down is measured', async () => {
    const info = test.info();
    await page.setViewportSize({ width: 1024, height: 700 });
    const heights: Record<string, number> = {};
    for (const screen of ['Data', 'Model', 'Train', 'Evaluate', 'Runs', 'Try it', 'Export']) {
      await tab(screen);
      await expect(page.getByRole('tabpanel')).toBeVisible();
      // The screen's own content has arrived (its heading), not only the tab.
      await expect(page.getByRole('tabpanel').getByRole('heading').first()).toBeVisible();
      if (screen === 'Model') await expect(page.getByTestId('layer-table')).toBeVisible();
      // The evaluation has arrived: its mistakes, as cards or as none (a good model makes none).
      if (screen === 'Evaluate')
        await expect(page.getByRole('heading', { name: /^Mistakes — / })).toBeVisible();
      const size = await page.evaluate(() => {
        type Root = { scrollHeight: number; scrollWidth: number; clientWidth: number };
        const root = (globalThis as unknown as { document: { documentElement: Root } }).document
          .documentElement;
        return { height: root.scrollHeight, sideways: root.scrollWidth - root.clientWidth };
      });
      expect(size.sideways, screen).toBeLessThanOrEqual(0);
      heights[screen] = size.height;
    }
    info.annotations.push({ type: 'heights at 1024×700', description: JSON.stringify(heights) });
    console.log(`Page heights at 1024×700 after two runs: ${JSON.stringify(heights)}`);
    // Paged tables and cards keep every screen within a few screens' height.
    for (const [screen, height] of Object.entries(heights))
      expect(height, screen).toBeLessThan(3500);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('a restart keeps the address, and reloading the page reopens the project', async () => {
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    const { port, token } = app.server;
    await app.close();
    app = await startBrowserMode({ env: env(), remember: true });
    expect(app.server.port).toBe(port);
    expect(app.server.token).toBe(token);

    // The page's address has no key in it (a bookmark's): the cookie of the last run opens it.
    expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
    const response = await page.reload();
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('recovered')).toBeVisible();
    await expect(page.getByTestId('recover')).toBeHidden();
    await expect(page.getByTestId('class-card')).toHaveCount(4);
    await tab('Runs');
    await expect(page.getByTestId('past-run')).toHaveCount(2);
    await tab('Evaluate');
    await expect(picker()).toContainText('Run 2');
    await expect(page.getByTestId('accuracy')).toContainText('validation images');
  });

  test('the layer table: readable shapes, a column summing to the trainable count, one tab stop', async () => {
    await tab('Model');
    const slider = page.getByRole('slider', { name: 'Fine-tuning unfreezes from this block' });
    await expect(slider).toBeVisible();
    const params = await page.getByTestId('trainable-params').innerText();
    const stated = Number(/^([\d,]+) of/.exec(params)?.[1]?.replaceAll(',', ''));
    const table = page.getByTestId('layer-table');
    await expect(table).not.toContainText('null');
    await expect(table.getByRole('cell', { name: /^\d+×\d+×\d+$/ }).first()).toBeVisible();
    // Every page of the table, from the first: the Trainable params column adds up to the count.
    const previous = page.getByRole('button', { name: 'Previous layers' });
    while (await previous.isEnabled()) await previous.click();
    let sum = 0;
    for (;;) {
      const cells = await table.getByTestId('training-params').allInnerTexts();
      sum += cells.reduce((total, text) => total + Number(text.replaceAll(',', '')), 0);
      const next = page.getByRole('button', { name: 'Next layers' });
      if (!(await next.isEnabled())) break;
      const range = await page.getByTestId('layer-range').innerText();
      await next.click();
      await expect(page.getByTestId('layer-range')).not.toHaveText(range);
    }
    expect(sum).toBe(stated);
    // The switches are one tab stop; the arrow keys move between them.
    const switches = table.getByRole('checkbox');
    await expect(table.locator('input[type=checkbox][tabindex="0"]')).toHaveCount(1);
    await switches.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(switches.nth(1)).toBeFocused();
    await expect(switches.nth(1)).toHaveAttribute('tabindex', '0');
    await expect(switches.first()).toHaveAttribute('tabindex', '-1');
  });
});

/** A labelled test folder: 4 images of each sample class, and a class the model does not know. */
async function writeTestFolder(folder: string): Promise<void> {
  for (const name of ['bag', 'sneaker', 't-shirt', 'trouser', 'hat']) {
    const from = join(fashion, name === 'hat' ? 'bag' : name);
    await mkdir(join(folder, name), { recursive: true });
    // The last images of each class: the sample's first ones are the likeliest to be trained on.
    const images = (await readdir(from)).filter((n) => n.endsWith('.png')).slice(-4);
    for (const image of images) await copyFile(join(from, image), join(folder, name, image));
  }
}
