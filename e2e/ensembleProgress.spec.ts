import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useBrowserMode } from './browserModeFixture.js';

/** What the Train screen's progress showed, each time it changed. */
interface Shown {
  line: string;
  value: number | undefined;
}

/**
 * The default head is an ensemble of three trained one after another: the Train screen says which
 * head is training and refitting, its bar fills only at the very end, and Runs shows the run's
 * whole training time. Browser mode with the real engine; the page records every change of the
 * progress as it happens (a MutationObserver), so nothing is sampled on a timer.
 */
test.describe('the ensemble’s later heads on the Train screen', () => {
  const session = useBrowserMode({
    name: 'ensemble-progress',
    prepare: async (dir) => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') }),
  });
  const { tab } = session;

  test('says "Head k of 3" while the later heads train and refit, and fills the bar last', async () => {
    const { page } = session;
    await tab('Data');
    await page.getByRole('button', { name: 'Try it with sample images' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('240 images in 4 classes');
    await tab('Train');
    await page.getByLabel('Epochs (phase 1)').fill('3');
    await page.evaluate(() => {
      const seen: Shown[] = [];
      (globalThis as unknown as { shown: Shown[] }).shown = seen;
      const record = () => {
        const doc = (globalThis as unknown as { document: DocumentLike }).document;
        const box = doc.querySelector('[data-testid="job-progress"]');
        if (!box) return;
        const bar = box.querySelector('[role="progressbar"]');
        const value = bar?.getAttribute('aria-valuenow');
        const line = box.textContent ?? '';
        const last = seen.at(-1);
        const shown = { line, value: value == null ? undefined : Number(value) };
        if (!last || last.line !== shown.line || last.value !== shown.value) seen.push(shown);
      };
      const doc = (globalThis as unknown as { document: DocumentLike }).document;
      const Observer = (globalThis as unknown as { MutationObserver: ObserverConstructor })
        .MutationObserver;
      new Observer(record).observe(doc.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
    const shown = await page.evaluate(() => (globalThis as unknown as { shown: Shown[] }).shown);
    const lines = shown.map((s) => s.line);
    for (const text of [
      /Head 2 of 3: (starting|epoch \d+ of 3)/,
      /Head 3 of 3: (starting|epoch \d+ of 3)/,
      /Refitting on all images, head 3 of 3/,
    ])
      expect(lines.some((line) => text.test(line))).toBe(true);
    // The bar never goes back, and is full only with the last head's last refit epoch (or done).
    const values = shown.flatMap((s) => (s.value === undefined ? [] : [s.value]));
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThanOrEqual(values[i] ?? 100));
    const full = shown.find((s) => s.value === 100);
    expect(full?.line).toMatch(/Refitting on all images, head 3 of 3: epoch (\d+) of \1|^Done/);
    // Runs shows the run's whole training time (every head and the refit), in seconds.
    await tab('Runs');
    await expect(page.getByTestId('runs-table').getByRole('row')).toHaveCount(2);
    await expect(page.getByTestId('runs-table').getByRole('row').nth(1)).toContainText(
      /\d+ s|\d+ min/,
    );
  });
});

interface DocumentLike {
  body: unknown;
  querySelector(selector: string): {
    textContent: string | null;
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  } | null;
}

type ObserverConstructor = new (callback: () => void) => {
  observe(target: unknown, options: Record<string, boolean>): void;
};
