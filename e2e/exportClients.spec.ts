import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../src/common/training.js';
import type { TrainedModelMetadata } from '../src/common/trainedModel.js';
import { decodeForModel } from '../src/node/adapters/image/decode.js';
import {
  onnxWebSnippet,
  teachableSnippet,
  tfjsSnippet,
  toModelCanvasSource,
} from '../src/node/services/export/browserSnippets.js';
import { exportModel } from '../src/node/services/export/exportModel.js';
import { loadTrainedModel } from '../src/node/services/training/loadTrainedModel.js';
import { predictProbabilities } from '../src/node/services/training/predictImages.js';
import { runTraining } from '../src/node/services/training/runTraining.js';
import { findChromium } from './chromium.js';
import { writeEmojiImages } from './clients/emojiImages.js';
import {
  argMax,
  canvasPixelsInPage,
  classifyInPage,
  topOneAgreement,
} from './clients/runInPage.js';
import { serveStatic } from './clients/staticServer.js';

const browser = findChromium();
/** A package's folder in node_modules: the clients are served from there, as a page would. */
const lib = (path: string) => join(process.cwd(), 'node_modules', path);
const BUNDLED_BASE = join(process.cwd(), 'models', 'bundled', 'mobilenet_v2_0.35_224-imagenet');
/** The app and every client must agree on at least this share of validation images (top-1). */
const REQUIRED_AGREEMENT = 0.99;

const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 20, batchSize: 16 },
  validationSplit: 0.34,
};

/** What a student writes after reading Teachable Machine's README: the image element as it is. */
const TEACHABLE_AS_DOCUMENTED = [
  "const model = await tmImage.load('/model/model.json', '/model/metadata.json');",
  'async function classify(image) {',
  '  return (await model.predict(image)).map((p) => p.probability);',
  '}',
].join('\n');

/**
 * Issue 19: a TF.js export must behave in the libraries that load it — Teachable Machine's
 * (with its declared tfjs 1.3.1 and with the current tfjs) and a plain page — as in the app,
 * on transparent PNGs and opaque JPEGs alike; and the ONNX export in onnxruntime-web.
 */
test.describe('an export in the clients that load it, fed image files as a browser loads them', () => {
  test.skip(!browser.path, browser.missing ?? '');

  let dir: string;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let metadata: TrainedModelMetadata;
  const validation: Record<'png' | 'jpg', string[]> = { png: [], jpg: [] };
  const app: Record<'png' | 'jpg', number[][]> = { png: [], jpg: [] };
  const urls: Record<'png' | 'jpg', string[]> = { png: [], jpg: [] };

  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-clients-'));
    const dataset = join(dir, 'emoji');
    await writeEmojiImages(dataset, 24);
    const modelDir = join(dir, 'model');
    await runTraining({
      dataset,
      base: BUNDLED_BASE,
      out: modelDir,
      settings,
      cacheDir: join(dir, 'cache'),
      store: join(dir, 'store'),
      env: {},
    });
    await exportModel(modelDir, { formats: ['tfjs', 'onnx'], out: join(dir, 'export') });
    const loaded = await loadTrainedModel(modelDir);
    metadata = loaded.metadata;
    const recorded = (metadata.validationImages?.paths ?? []).map((path) =>
      (isAbsolute(path) ? relative(dataset, path) : path).split('\\').join('/'),
    );
    try {
      for (const kind of ['png', 'jpg'] as const) {
        validation[kind] = recorded.filter((path) => path.endsWith(`.${kind}`));
        const files = validation[kind].map((path) => join(dataset, path));
        const { probabilities } = await predictProbabilities(
          loaded.model,
          metadata.preprocessing,
          files.map((file) => ({ sha256: sha256Of(file), read: () => readFile(file) })),
        );
        const classes = metadata.classes.length;
        app[kind] = files.map((_, i) =>
          Array.from(probabilities.subarray(i * classes, (i + 1) * classes)),
        );
        urls[kind] = validation[kind].map((path) => `/images/${path}`);
      }
    } finally {
      loaded.model.dispose();
    }
    const page = (scripts: string[]) =>
      `<!doctype html><title>client</title>${scripts.map((s) => `<script src="${s}"></script>`).join('')}`;
    server = await serveStatic([
      { prefix: '/lib/tfjs-1.3.1/', folder: lib('tfjs-1.3.1/dist') },
      { prefix: '/lib/tfjs/', folder: lib('@tensorflow/tfjs/dist') },
      { prefix: '/lib/tm/', folder: lib('@teachablemachine/image/dist') },
      { prefix: '/lib/ort/', folder: lib('onnxruntime-web/dist') },
      { prefix: '/model/', folder: join(dir, 'export', 'tfjs') },
      { prefix: '/onnx/', folder: join(dir, 'export', 'onnx') },
      { prefix: '/images/', folder: dataset },
      {
        path: '/tm-1.3.1',
        type: 'text/html',
        body: page(['/lib/tfjs-1.3.1/tf.min.js', '/lib/tm/teachablemachine-image.min.js']),
      },
      {
        path: '/tm-current',
        type: 'text/html',
        body: page(['/lib/tfjs/tf.min.js', '/lib/tm/teachablemachine-image.min.js']),
      },
      { path: '/tfjs', type: 'text/html', body: page(['/lib/tfjs/tf.min.js']) },
      { path: '/ort', type: 'text/html', body: page(['/lib/ort/ort.min.js']) },
    ]);
  });

  test.afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function expectAgreement(page: Page, client: string, snippet: string): Promise<void> {
    for (const kind of ['png', 'jpg'] as const) {
      const predicted = await classifyInPage(page, snippet, urls[kind]);
      const agreement = topOneAgreement(app[kind], predicted);
      const what = kind === 'png' ? 'transparent PNGs' : 'opaque JPEGs';
      console.log(
        `${client}: top-1 agreement with the app ${(agreement * 100).toFixed(1)}% on ${predicted.length} ${what}`,
      );
      for (const [i, row] of predicted.entries()) {
        const ours = app[kind][i] ?? [];
        if (argMax(row) !== argMax(ours))
          console.log(
            `  differs on ${urls[kind][i]}: app ${rounded(ours)}, client ${rounded(row)}`,
          );
      }
      expect.soft(agreement, `${client} on ${what}`).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
    }
  }

  for (const [client, path] of [
    ['@teachablemachine/image 0.8.5 + tfjs 1.3.1', '/tm-1.3.1'],
    ['@teachablemachine/image 0.8.5 + tfjs 4.22', '/tm-current'],
  ] as const) {
    test(`${client}: predict(image) as its README shows, and the model card's snippet`, async ({
      page,
    }) => {
      await page.goto(server.origin + path);
      expect(validation.png.length + validation.jpg.length).toBeGreaterThanOrEqual(40);
      await expectAgreement(page, `${client}, predict(img)`, TEACHABLE_AS_DOCUMENTED);
      await expectAgreement(
        page,
        `${client}, model card snippet`,
        teachableSnippet(metadata.preprocessing, '/model/model.json', '/model/metadata.json'),
      );
    });
  }

  test('plain tfjs 4.22: the model card snippet', async ({ page }) => {
    await page.goto(`${server.origin}/tfjs`);
    await expectAgreement(
      page,
      'tfjs 4.22 page',
      tfjsSnippet(metadata.preprocessing, '/model/model.json'),
    );
  });

  test('onnxruntime-web 1.30 (wasm): the model card snippet', async ({ page }) => {
    await page.goto(`${server.origin}/ort`);
    await expectAgreement(
      page,
      'onnxruntime-web',
      onnxWebSnippet(metadata.preprocessing, '/onnx/model.onnx'),
    );
  });

  test('pixels: the canvas the clients read against the app’s decoder', async ({ page }) => {
    await page.goto(`${server.origin}/tfjs`);
    const source = toModelCanvasSource(metadata.preprocessing);
    for (const kind of ['png', 'jpg'] as const) {
      const browserPixels = await canvasPixelsInPage(page, source, urls[kind]);
      let sum = 0;
      let count = 0;
      for (const [i, path] of validation[kind].entries()) {
        const ours = await decodeForModel(
          await readFile(join(dir, 'emoji', path)),
          metadata.preprocessing,
        );
        const theirs = browserPixels[i] ?? [];
        expect(theirs).toHaveLength(ours.data.length);
        ours.data.forEach((value, k) => (sum += Math.abs(value - (theirs[k] ?? 0))));
        count += ours.data.length;
      }
      const mean = sum / count;
      console.log(
        `pixels (${kind}): mean absolute difference app vs canvas ${mean.toFixed(2)} of 255 (sharp ${metadata.preprocessing.kernel} vs canvas bilinear)`,
      );
      // Kernels differ by a few levels on edges; a wrong transparency rule costs tens.
      expect(mean).toBeLessThan(4);
    }
  });
});

function rounded(values: readonly number[]): string {
  return `[${values.map((v) => v.toFixed(3)).join(', ')}]`;
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
