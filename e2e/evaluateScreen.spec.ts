import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { useBrowserMode } from './browserModeFixture.js';

const sneakers = fileURLToPath(new URL('../assets/samples/fashion/sneaker', import.meta.url));

/**
 * The Evaluate screen after a short run on the shipped Fashion sample: every confusion-matrix
 * cell (the diagonal too) lists its images a page at a time, "Hardest examples" repeats no
 * mistake, and "Move to" is offered on mistakes only, with Undo, leaving the Data screen's counts
 * right. A dozen sneakers are added to "bag" first, so the run makes mistakes to move. Browser
 * mode in Chromium, the real engine; waits on what the app shows, never on sleeps.
 */
test.describe('the Evaluate screen', () => {
  const session = useBrowserMode({
    name: 'evaluate',
    prepare: async (dir) => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') }),
  });
  const { tab } = session;
  let page: Page;
  test.beforeAll(() => ({ page } = session));

  const classCount = async (name: string) => {
    const text = await page.locator(`[data-testid="class-card"][data-class="${name}"]`).innerText();
    return Number(/(\d+) images?/.exec(text)?.[1]);
  };
  const cellButton = (actual: string, predicted: string) =>
    page.getByRole('button', { name: new RegExp(`^${actual} predicted as ${predicted}: \\d+$`) });
  const countOf = async (cell: Locator) =>
    Number(/: (\d+)$/.exec((await cell.getAttribute('aria-label')) ?? '')?.[1]);

  test('trains on the sample with mislabelled images and half held out', async () => {
    await page.getByRole('button', { name: 'Try it with sample images' }).click();
    await expect(page.getByTestId('class-card')).toHaveCount(4);
    const bag = await classCount('bag');
    const names = (await readdir(sneakers)).filter((n) => n.endsWith('.png')).slice(0, 12);
    await page
      .locator('[data-testid="class-card"][data-class="bag"] input[type=file]')
      .setInputFiles(names.map((n) => join(sneakers, n)));
    await expect.poll(() => classCount('bag'), { timeout: 60_000 }).toBe(bag + names.length);
    const split = page.getByRole('slider', { name: 'Held out for validation' });
    await split.focus();
    await split.press('End');
    await expect(split).toHaveValue('50');
    await tab('Train');
    await page.getByLabel('Epochs (phase 1)').fill('3');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
    await tab('Evaluate');
    await expect(page.getByTestId('accuracy')).toContainText('validation images');
  });

  test('a diagonal cell shows its correctly classified images, a page at a time', async () => {
    const cell = cellButton('t-shirt', 't-shirt');
    const right = await countOf(cell);
    expect(right).toBeGreaterThan(12);
    await cell.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'true');
    const title = page.getByTestId('cell-title');
    await expect(title).toHaveText(`True: t-shirt · Predicted: t-shirt — ${right} images`);
    const list = page.getByTestId('mistakes');
    await expect(list.getByTestId('verdict-card')).toHaveCount(12);
    await expect(list.getByTestId('verdict-card').first()).toContainText('predicted t-shirt');
    await expect(list.getByRole('button', { name: /^Move to/ })).toHaveCount(0);
    await expect(page.getByTestId('mistakes-range')).toHaveText(`1–12 of ${right}`);
    await list.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('mistakes-range')).toHaveText(
      `13–${Math.min(24, right)} of ${right}`,
    );
    await expect(list.getByTestId('verdict-card')).toHaveCount(Math.min(12, right - 12));
    await expect(list.getByRole('button', { name: 'Previous' })).toBeEnabled();
    await page.screenshot({ path: 'test-results/screens/evaluate-diagonal-cell-light.png' });
    // The page stays short enough to read: one page of cards, not every image.
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    expect(height).toBeLessThan(4000);
  });

  test('clicking the cell again, or "Show all mistakes", goes back to every mistake', async () => {
    const cell = cellButton('t-shirt', 't-shirt');
    await cell.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('cell-title')).toHaveText(/^Mistakes — \d+ images?$/);
    await cell.click();
    await page.getByRole('button', { name: 'Show all mistakes' }).click();
    await expect(cell).toHaveAttribute('aria-pressed', 'false');
    const title = (await page.getByTestId('cell-title').textContent()) ?? '';
    const mistakes = Number(/— (\d+) image/.exec(title)?.[1]);
    expect(mistakes).toBeGreaterThan(0);
    const cards = page.getByTestId('mistakes').getByTestId('verdict-card');
    await expect(cards).toHaveCount(Math.min(12, mistakes));
    // Every mistake can be moved to the class the model chose.
    await expect(
      page.getByTestId('mistakes').getByRole('button', { name: /^Move to/ }),
    ).toHaveCount(Math.min(12, mistakes));
  });

  test('"Hardest examples" lists only right answers, never a mistake again', async () => {
    const hardest = page.getByTestId('hardest');
    const shown = await hardest.getByTestId('verdict-card').count();
    test.info().annotations.push({ type: 'hardest right answers shown', description: `${shown}` });
    // The section is left out when the model was sure of every right answer.
    if (shown === 0) return expect(page.getByText('Hardest examples')).toHaveCount(0);
    await expect(hardest.getByRole('button', { name: /^Move to/ })).toHaveCount(0);
    const mistakePaths = await page
      .getByTestId('mistakes')
      .getByTestId('verdict-path')
      .allTextContents();
    for (const text of await hardest.getByTestId('verdict-card').allInnerTexts())
      for (const path of mistakePaths) expect(text).not.toContain(path);
  });

  test('"Move to" moves a mistake, Undo moves it back, and Data counts follow', async () => {
    await tab('Data');
    const before = new Map<string, number>();
    for (const name of ['bag', 'sneaker', 't-shirt', 'trouser'])
      before.set(name, await classCount(name));
    await tab('Evaluate');
    const card = page.getByTestId('mistakes').getByTestId('verdict-card').first();
    const path = (await card.getByTestId('verdict-path').textContent()) ?? '';
    const from = path.split(/[\\/]/).at(-2) ?? '';
    const to = /predicted (.+) \(\d+%\)/.exec(await card.innerText())?.[1] ?? '';
    expect(before.has(from) && before.has(to) && from !== to).toBe(true);

    const move = card.getByRole('button', { name: `Move to "${to}"` });
    await move.click();
    const snackbar = page.getByTestId('move-snackbar');
    await expect(snackbar).toContainText(`Moved to "${to}"`);
    await expect(move).toBeDisabled();
    await snackbar.getByRole('button', { name: 'Undo' }).click();
    await expect(snackbar).toBeHidden();
    await expect(move).toBeEnabled();

    await move.click();
    await expect(snackbar).toContainText(`Moved to "${to}"`);
    await expect(card).toContainText(`Moved to ${to}`);
    await page.screenshot({ path: 'test-results/screens/evaluate-moved-light.png' });
    await tab('Data');
    // Moved once, undone once, moved again: one image fewer in its folder, one more in the other.
    await expect.poll(() => classCount(from)).toBe((before.get(from) ?? 0) - 1);
    await expect.poll(() => classCount(to)).toBe((before.get(to) ?? 0) + 1);
  });
});
