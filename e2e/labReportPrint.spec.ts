import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { DEFAULT_TRAIN_SETTINGS, type EpochMetrics } from '../src/common/training.js';
import {
  renderLabReport,
  type ReportExample,
} from '../src/node/services/report/renderLabReport.js';
import { testTrainedModelMetadata } from '../src/node/testing/trainedModels.js';
import { findChromium } from './chromium.js';

const browser = findChromium();
const fashion = fileURLToPath(new URL('../assets/samples/fashion', import.meta.url));

/** The twelve classes of the walk-through's dataset (#16), long names included. */
const CLASSES = [
  'animals',
  'buildings',
  'cars',
  'flowers',
  'food',
  'furniture',
  'landscapes',
  'musical instruments',
  'people',
  'sports equipment',
  'toys',
  'trees',
];

/**
 * The hand-in's lab report printed from Chromium, as a teacher prints it: a 12-class run with 20
 * epochs, fine-tuning, a full confusion matrix and its mistakes with thumbnails and where the
 * model looked, on two A4 or Letter pages at most.
 */
test.describe('the lab report on paper', () => {
  test.skip(!browser.path, browser.missing ?? '');

  test('prints on at most two pages, A4 and Letter, and words the head plainly', async ({
    page,
  }) => {
    const html = renderLabReport({
      title: `Image classifier: ${CLASSES.join(', ')}`,
      student: 'Ada Lovelace',
      metadata: metadataOf12Classes(),
      misclassified: await mistakes(12),
      misclassifiedTotal: 31,
      generatedAt: new Date('2026-11-30T10:00:00Z'),
    });
    expect(html).not.toContain('hidden layers [');
    expect(html).toContain('one hidden layer of 100 units');
    expect(html).toContain('The 12 most confident of 31 mistakes');
    await page.setContent(html);
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = (await page.pdf({ format })).toString('latin1');
      const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
      expect(pages, format).toBeGreaterThan(0);
      expect(pages, format).toBeLessThanOrEqual(2);
    }
  });
});

function metadataOf12Classes() {
  const history: EpochMetrics[] = Array.from({ length: 20 }, (_, i) => ({
    phase: i < 15 ? 1 : 2,
    epoch: i + 1,
    loss: 2 / (i + 1),
    accuracy: Math.min(0.98, 0.4 + i * 0.03),
    valLoss: 2.2 / (i + 1) + 0.05,
    valAccuracy: Math.min(0.93, 0.38 + i * 0.03),
    learningRate: i < 15 ? 1e-3 : 1e-4,
    seconds: 4.2,
  }));
  const validation = Object.fromEntries(CLASSES.map((c) => [c, 17]));
  return {
    ...testTrainedModelMetadata({ size: 224, classes: CLASSES }),
    base: {
      name: 'MobileNet V2 1.0 (ImageNet)',
      source: 'bundled',
      kind: 'pack',
      architecture: 'mobilenet_v2_1.0_224',
    },
    settings: {
      ...DEFAULT_TRAIN_SETTINGS,
      phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: 5 },
      unfreezeFrom: 14,
    },
    history,
    bestEpoch: 18,
    counts: { train: Object.fromEntries(CLASSES.map((c) => [c, 68])), validation },
    validation: {
      count: 204,
      accuracy: 173 / 204,
      confusion: CLASSES.map((_, i) =>
        CLASSES.map((__, j) =>
          i === j ? 14 : j === (i + 1) % 12 ? 2 : j === (i + 5) % 12 ? 1 : 0,
        ),
      ),
      perClass: CLASSES.map((name) => ({
        name,
        precision: 0.82,
        recall: 0.82,
        f1: 0.82,
        support: 17,
      })),
    },
  };
}

/** Mistakes with real 96×96 thumbnails and overlays made from the shipped sample images. */
async function mistakes(count: number): Promise<ReportExample[]> {
  const folder = join(fashion, 'bag');
  const names = (await readdir(folder)).filter((n) => n.endsWith('.png')).slice(0, count);
  return Promise.all(
    names.map(async (name, i) => {
      const image = sharp(join(folder, name)).resize(96, 96, { fit: 'cover' });
      const jpeg = await image.clone().jpeg().toBuffer();
      const png = await image.clone().tint('#ff4040').png().toBuffer();
      return {
        path: `${CLASSES[i % 12]}/IMG_20261130_${String(i).padStart(4, '0')}.jpg`,
        actual: CLASSES[i % 12] ?? '',
        predicted: CLASSES[(i + 1) % 12] ?? '',
        probability: 0.6 + (i % 4) / 10,
        thumbnail: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
        lookedAt: `data:image/png;base64,${png.toString('base64')}`,
      };
    }),
  );
}
