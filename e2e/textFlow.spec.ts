import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeTextClassFolders } from '../src/node/testing/topicTexts.js';
import { useBrowserMode } from './browserModeFixture.js';
import { HEADLINES, writeHeadlineFolders } from './headlineTexts.js';

/** New texts of the three classes, none of them imported: a test set for "another folder". */
const TEST_SET: Record<string, string[]> = {
  cooking: [
    'Stir the mushrooms into the risotto and season it with pepper and parmesan.',
    'Bake the bread dough until golden, then let it cool on a rack.',
  ],
  football: [
    'The midfielder passed to the striker, who scored from the penalty spot.',
    'The referee showed a red card to the defender after a late tackle.',
  ],
  weather: [
    'Snow and ice are forecast for the mountains later this week.',
    'Showers and strong winds will move in from the west tonight.',
  ],
};

/**
 * A text dataset through the app as a student meets it: a folder of .txt files per class is
 * imported (counts and snippets, no thumbnails), the Model screen shows the frozen sentence
 * encoder, a short training runs, Evaluate shows the confusion matrix, and Try it classifies what
 * is typed with a bar per class. Browser mode in Chromium with the real engine; every wait is on
 * what the app shows.
 */
test.describe('text classification in the app', () => {
  const session = useBrowserMode({
    name: 'text-flow',
    prepare: async (dir) => {
      await writeHeadlineFolders(join(dir, 'headlines'));
      await writeTextClassFolders(join(dir, 'headlines-test'), TEST_SET);
      // Every cooking and weather sentence filed under football: a folder of mistakes, pages of them.
      await mkdir(join(dir, 'headlines-mislabelled', 'football'), { recursive: true });
      const notFootball = Object.entries(HEADLINES).filter(([name]) => name !== 'football');
      for (const [i, text] of notFootball.flatMap(([, texts]) => texts).entries()) {
        await writeFile(join(dir, 'headlines-mislabelled', 'football', `${i}.txt`), text);
      }
      // Two columns of sentences and two of short words: which is the text is not obvious.
      const rows = ['headline,summary,desk,region'];
      for (const [name, texts] of Object.entries(HEADLINES)) {
        for (const [i, text] of texts.entries()) {
          rows.push(`"${text}","${[...text.split(' ')].reverse().join(' ')}",${name},r${i % 3}`);
        }
      }
      await writeFile(join(dir, 'headlines.csv'), `${rows.join('\n')}\n`);
      return { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    },
  });
  const { tab } = session;

  test('imports a folder of .txt classes with counts and snippets', async () => {
    const { page } = session;
    await page.getByTestId('dataset-path').fill(join(session.dir, 'headlines'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText('49 texts in 3 classes');
    const cooking = page.locator('[data-testid="class-card"][data-class="cooking"]');
    await expect(cooking).toContainText('19 texts');
    await expect(cooking.getByTestId('snippets').locator('li')).toHaveCount(3);
    await expect(cooking.getByTestId('snippets')).toContainText('before adding them to the pan');
    await expect(page.getByTestId('thumbnails')).toHaveCount(0);
  });

  test('shows the frozen text base on the Model screen', async () => {
    const { page } = session;
    await tab('Model');
    await expect(page.getByTestId('text-base')).toContainText('Universal Sentence Encoder lite');
    await expect(page.getByTestId('frozen-note')).toContainText('cannot be fine-tuned');
  });

  test('trains, then evaluates with a confusion matrix of the three classes', async () => {
    const { page } = session;
    // Half held out, so misfiled texts are among those evaluated.
    await tab('Data');
    const split = page.getByRole('slider', { name: 'Held out for validation' });
    await split.focus();
    await split.press('End');
    await expect(split).toHaveValue('50');
    await tab('Train');
    // The encoder is a frozen graph: no phase 2 to set, and one line where it would be says why.
    await expect(page.getByLabel('Fine-tuning epochs (phase 2)')).toHaveCount(0);
    await expect(page.getByLabel('Augmented views per image')).toHaveCount(0);
    await expect(page.getByTestId('no-fine-tuning')).toContainText('frozen graph model');
    await page.getByLabel('Epochs (phase 1)').fill('20');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 600_000,
    });
    await tab('Evaluate');
    await expect(page.getByTestId('accuracy')).toContainText('validation texts');
    const matrix = page.getByTestId('confusion-matrix');
    for (const name of Object.keys(HEADLINES)) {
      await expect(matrix.getByRole('columnheader', { name })).toBeVisible();
    }
  });

  test('a misfiled text is a mistake card that moves to the class the model chose', async () => {
    const { page } = session;
    const mistakes = page.getByTestId('mistakes');
    const misfiled = mistakes
      .getByTestId('text-verdict')
      .filter({ hasText: 'true cooking, predicted weather' });
    await expect(misfiled.first()).toContainText('misfiled-');
    await expect(misfiled.first().getByRole('progressbar')).toHaveCount(3);
    await misfiled.first().getByRole('button', { name: 'Move to weather' }).click();
    await expect(page.getByTestId('move-snackbar')).toBeVisible();
    await expect(misfiled.first()).toContainText('Moved to weather');
    await tab('Data');
    const card = (name: string) => page.locator(`[data-testid="class-card"][data-class="${name}"]`);
    await expect(card('cooking')).toContainText('18 texts');
    await expect(card('weather')).toContainText('16 texts');
  });

  test('evaluates on another folder of texts, said to be that folder', async () => {
    const { page } = session;
    await tab('Evaluate');
    const testSet = join(session.dir, 'headlines-test');
    await page.getByTestId('test-folder-path').fill(testSet);
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await expect(page.getByTestId('folder-evaluation')).toBeVisible();
    await expect(page.getByTestId('accuracy')).toContainText(
      `right on 6 texts of ${testSet} (not the validation texts)`,
    );
    const matrix = page.getByTestId('confusion-matrix');
    for (const name of Object.keys(TEST_SET)) {
      await expect(matrix.getByRole('columnheader', { name })).toBeVisible();
    }
    // The test set's texts are not the project's: nothing offers to move them.
    await expect(page.getByRole('button', { name: /^Move to / })).toHaveCount(0);
    await page.getByRole('button', { name: 'Validation texts' }).click();
    await expect(page.getByTestId('accuracy')).toContainText('validation texts');
  });

  test('shows the many text mistakes of a folder a page at a time', async () => {
    const { page } = session;
    const folder = join(session.dir, 'headlines-mislabelled');
    await page.getByTestId('test-folder-path').fill(folder);
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await expect(page.getByTestId('accuracy')).toContainText(`on 30 texts of ${folder}`);
    const title = await page.getByTestId('cell-title').textContent();
    const mistakes = Number(/Mistakes \((\d+)\)/.exec(title ?? '')?.[1]);
    // Nearly all 30 are mistakes; more than one page's worth is all this needs.
    expect(mistakes).toBeGreaterThan(12);
    const list = page.getByTestId('mistakes');
    await expect(page.getByTestId('mistakes-range')).toHaveText(`1–12 of ${mistakes}`);
    await expect(list.getByTestId('text-verdict')).toHaveCount(12);
    await list.getByRole('button', { name: 'Next' }).click();
    const last = Math.min(24, mistakes);
    await expect(page.getByTestId('mistakes-range')).toHaveText(`13–${last} of ${mistakes}`);
    await expect(list.getByTestId('text-verdict')).toHaveCount(last - 12);
    await expect(list.getByTestId('text-verdict').first()).toContainText('true football');
  });

  test('Try it classifies typed text with a bar per class', async () => {
    const { page } = session;
    await tab('Try it');
    const typed = 'Simmer the tomatoes with olive oil and basil for a rich pasta sauce.';
    await page.getByTestId('try-text').fill(typed);
    const result = page.getByTestId('text-prediction');
    await expect(result).toHaveAttribute('data-text', typed);
    await expect(result.getByRole('progressbar')).toHaveCount(3);
    await expect(result.locator('strong')).toHaveText('cooking');
  });

  test('a table whose columns are unclear asks for them, then reads them', async () => {
    const { page } = session;
    await tab('Data');
    await page.getByTestId('dataset-path').fill(join(session.dir, 'headlines.csv'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const picker = page.getByTestId('text-columns');
    await expect(picker).toContainText('cannot tell which column holds the text');
    await page.getByRole('combobox', { name: 'Text column' }).click();
    await page.getByRole('option', { name: 'headline' }).click();
    await page.getByRole('combobox', { name: 'Label column' }).click();
    await page.getByRole('option', { name: 'desk' }).click();
    await picker.getByRole('button', { name: 'Read with these columns' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('45 texts in 3 classes');
    await expect(picker).not.toContainText('cannot tell');
    await expect(page.locator('[data-testid="class-card"][data-class="weather"]')).toContainText(
      '15 texts',
    );
  });
});
