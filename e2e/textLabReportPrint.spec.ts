import { expect, test } from '@playwright/test';
import { DEFAULT_TRAIN_SETTINGS, type EpochMetrics } from '../src/common/training.js';
import type { TextExamplesEvaluation } from '../src/node/services/text/textEvaluation.js';
import { renderTextLabReport } from '../src/node/services/report/textLabReport.js';
import { findChromium } from './chromium.js';

const browser = findChromium();

/** Six topics of news snippets, as a text lesson's dataset has them. */
const CLASSES = ['business', 'entertainment', 'politics', 'science', 'sport', 'weather'];

/** A mistaken text as long as a verdict card's snippet (280 characters), with markup in it. */
function snippet(i: number): string {
  const base = `Report ${i}: <b>markets</b> & the match — the council said the storm would delay the film premiere while the team's shares rose after the vote on the new stadium, and scientists measured the rainfall, which the minister called "remarkable" for a season like this one.`;
  return `${base.slice(0, 279)}…`;
}

function evaluation(): TextExamplesEvaluation {
  const n = CLASSES.length;
  const confusion = CLASSES.map((_, i) => CLASSES.map((__, j) => (i === j ? 40 : (i + j) % 3)));
  const misclassified = Array.from({ length: 30 }, (_, i) => ({
    index: i,
    actual: i % n,
    predicted: (i + 1) % n,
    loss: 1.2,
    probabilities: CLASSES.map((__, c) => (c === (i + 1) % n ? 0.61 : 0.39 / (n - 1))),
    path: i % 2 ? `news.csv:${120 + i}` : `${CLASSES[i % n]}/article-${1000 + i}.txt`,
    text: snippet(i),
  }));
  return {
    classes: CLASSES,
    count: 270,
    accuracy: 0.889,
    topK: { k: 3, accuracy: 0.97 },
    confusion,
    perClass: CLASSES.map((name) => ({
      name,
      precision: 0.88,
      recall: 0.9,
      f1: 0.89,
      support: 45,
    })),
    misclassified,
    highestLoss: misclassified,
    correct: [],
  };
}

/**
 * A text model's lab report printed from Chromium: 30 epochs, six classes, a full confusion
 * matrix, the transfer-vs-scratch table and twelve long mistaken texts, on two pages at most.
 */
test.describe('the text lab report on paper', () => {
  test.skip(!browser.path, browser.missing ?? '');

  test('prints on at most two pages, A4 and Letter, with its texts escaped', async ({ page }) => {
    const history: EpochMetrics[] = Array.from({ length: 30 }, (_, i) => ({
      phase: 1,
      epoch: i + 1,
      loss: 1.8 / (i + 1),
      accuracy: Math.min(0.97, 0.5 + i * 0.02),
      valLoss: 1.9 / (i + 1) + 0.1,
      valAccuracy: Math.min(0.9, 0.48 + i * 0.02),
      learningRate: 3e-3,
      seconds: 0.4,
    }));
    const html = renderTextLabReport({
      title: `Text classifier: ${CLASSES.join(', ')}`,
      student: 'Ada Lovelace',
      metadata: {
        classes: CLASSES,
        settings: DEFAULT_TRAIN_SETTINGS,
        history,
        bestEpoch: 27,
        dataset: '/home/ada/news',
        createdAt: '2026-11-30T09:00:00.000Z',
        encoder: { id: 'universal_sentence_encoder_lite' },
      },
      evaluation: evaluation(),
      maxExamples: 12,
      runs: [
        {
          number: 1,
          recipe: 'transfer',
          model: 'universal_sentence_encoder_lite',
          accuracy: 0.889,
          seconds: 12,
          reported: true,
        },
        {
          number: 2,
          recipe: 'scratch',
          model: 'bag of words from scratch, 4,210 terms',
          accuracy: 0.712,
          seconds: 3,
          reported: false,
        },
      ],
      generatedAt: new Date('2026-11-30T10:00:00Z'),
    });
    expect(html).toContain('The 12 most confident of 30 mistakes');
    expect(html).toContain('<h2>Transfer learning vs from scratch</h2>');
    expect(html).not.toContain('<b>markets</b>');
    await page.setContent(html);
    // Shown as text: the markup in a text is not rendered as bold.
    await expect(page.locator('td.text b')).toHaveCount(0);
    await expect(page.locator('td.text').first()).toContainText('<b>markets</b>');
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = (await page.pdf({ format })).toString('latin1');
      const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
      expect(pages, format).toBeGreaterThan(0);
      expect(pages, format).toBeLessThanOrEqual(2);
    }
  });
});
