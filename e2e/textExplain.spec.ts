import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useBrowserMode } from './browserModeFixture.js';
import { writeHeadlineFolders } from './headlineTexts.js';

/**
 * "Where it looked" for a text model, as a student meets it: a short training on folders of
 * .txt files, then a typed sentence in Try it shows its words tinted with a legend and the most
 * important words in plain text, and a mistake card on Evaluate does the same on demand.
 * Browser mode in Chromium with the real engine; every wait is on what the app shows.
 */
test.describe('where a text model looked', () => {
  const session = useBrowserMode({
    name: 'text-explain',
    prepare: async (dir) => {
      await writeHeadlineFolders(join(dir, 'headlines'));
      return { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    },
  });
  const { tab } = session;

  test('trains a text model on folders of .txt files', async () => {
    const { page } = session;
    await page.getByTestId('dataset-path').fill(join(session.dir, 'headlines'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText('49 texts in 3 classes');
    // Half held out, so misfiled texts are among those evaluated.
    const split = page.getByRole('slider', { name: 'Held out for validation' });
    await split.focus();
    await split.press('End');
    await expect(split).toHaveValue('50');
    await tab('Train');
    await page.getByLabel('Epochs (phase 1)').fill('20');
    await page.getByRole('button', { name: 'Start training' }).click();
    const progress = page.getByTestId('job-progress');
    await expect(progress).toHaveAttribute('data-status', /^(done|failed)$/, { timeout: 600_000 });
    // A failed training says why in its alert; fail now with it rather than wait.
    await expect(page.getByRole('alert').filter({ hasText: 'Training stopped' })).toHaveCount(0);
    await expect(progress).toHaveAttribute('data-status', 'done');
  });

  test('Try it tints the words of a typed sentence and names the important ones', async () => {
    const { page } = session;
    await tab('Try it');
    const typed = 'The striker scored a late goal, and the fans sang in the stadium!';
    await page.getByTestId('try-text').fill(typed);
    await expect(page.getByTestId('text-prediction')).toHaveAttribute('data-text', typed);
    await expect(page.getByTestId('text-prediction').locator('strong')).toHaveText('football');
    await page.getByRole('switch', { name: 'Show where it looked' }).check({ timeout: 60_000 });

    const looked = page.getByTestId('text-where-it-looked');
    await expect(looked.getByTestId('text-looked-words')).toHaveText(typed);
    await expect(looked).toHaveAttribute('data-busy', 'false');
    await expect(looked).toContainText('Where it looked for football');
    const words = looked.getByTestId('text-looked-word');
    // Every word is weighed; the comma and "!" are not words.
    await expect(words).toHaveCount(13);
    await expect(words.first()).toHaveAttribute('title', /^The: [+−]\d+\.\d points for football$/);
    await expect(looked.getByTestId('text-looked-legend')).toContainText('pushed toward football');
    await expect(looked.getByTestId('text-looked-summary')).toContainText(
      /Most important words for football: \p{L}+ \(\+\d+\.\d\)/u,
    );
    const scores = await words.evaluateAll((spans) =>
      spans.map((span) => Number(span.getAttribute('data-score'))),
    );
    expect(Math.max(...scores)).toBeGreaterThan(0);

    // A new text replaces the tints; the old text's words are never shown against it.
    const next = 'Thick fog over the coast tonight.';
    await page.getByTestId('try-text').fill(next);
    await expect(looked.getByTestId('text-looked-words')).toHaveText(next);
    await expect(looked.getByTestId('text-looked-word')).toHaveCount(6);
    await expect(looked).toContainText('Where it looked for weather');
  });

  test('a mistake card on Evaluate shows where it looked on demand', async () => {
    const { page } = session;
    await tab('Evaluate');
    const card = page.getByTestId('mistakes').getByTestId('text-verdict').first();
    await expect(card).toBeVisible();
    await expect(card.getByTestId('text-where-it-looked')).toHaveCount(0);
    await card
      .getByRole('button', { name: 'Where it looked', exact: true })
      .click({ timeout: 60_000 });
    const looked = card.getByTestId('text-where-it-looked');
    await expect(looked).toHaveAttribute('data-busy', 'false');
    await expect(looked.getByTestId('text-looked-word').first()).toBeVisible();
    await expect(looked.getByTestId('text-looked-summary')).toBeVisible();
    await card.getByRole('button', { name: 'Hide where it looked' }).click();
    await expect(card.getByTestId('text-where-it-looked')).toHaveCount(0);
  });
});
