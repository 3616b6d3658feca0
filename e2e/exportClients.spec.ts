import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../src/common/training.js';
import type { TrainedModelMetadata } from '../src/common/trainedModel.js';
import { decodeForModel } from '../src/node/adapters/image/decode.js';
import {
  ml5Snippet,
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
import { writeEmojiImages, writeWideFrame } from './clients/emojiImages.js';
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
/** ml5's browser bundle: `npm run fetch:ml5` (scripts/fetch-ml5.js) puts it in this folder. */
const ML5_BUNDLE = join(process.cwd(), '.cache', 'clients', 'ml5-1.4.0');

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

const ML5_MISSING = `ml5's bundle is not in ${relative(process.cwd(), ML5_BUNDLE)}: run "npm run fetch:ml5" once (it needs the npm registry), then the ml5 tests run offline`;
const ml5Fetched = existsSync(join(ML5_BUNDLE, 'ml5.min.js'));
// The list reporter shows a skip without its reason; this says what to run.
if (!ml5Fetched) console.warn(`e2e: the ml5 tests are skipped. ${ML5_MISSING}.`);

/**
 * What an ml5 sketch does with a Teachable Machine model after ml5's README: the <img> itself.
 * ml5 reports `{label, confidence}` sorted by confidence; put back in the order of labels.txt.
 */
const ML5_AS_DOCUMENTED = (labels: readonly string[]) =>
  [
    "const classifier = await ml5.imageClassifier(new URL('/model/model.json', location.href).href);",
    'async function classify(image) {',
    '  const results = await classifier.classify(image);',
    `  return ${JSON.stringify(labels)}.map((label) => results.find((r) => r.label === label).confidence);`,
    '}',
  ].join('\n');

/** The pixels ml5 hands the model, taken at model.predict and scaled back from x / 127 - 1. */
const ML5_INPUT_CAPTURE = [
  "const classifier = await ml5.imageClassifier(new URL('/model/model.json', location.href).href);",
  'const predict = classifier.model.predict.bind(classifier.model);',
  'let fed;',
  'classifier.model.predict = (input) => ((fed = input.dataSync()), predict(input));',
  'async function classify(image) {',
  '  await classifier.classify(image);',
  '  return Array.from(fed, (x) => Math.round((x + 1) * 1270) / 10);',
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
  // 'wide': the JPEGs framed 16:9 (writeWideFrame), for ml5, which squashes instead of cropping.
  const validation: Record<ImageKind, string[]> = { png: [], jpg: [], wide: [] };
  const app: Record<ImageKind, number[][]> = { png: [], jpg: [], wide: [] };
  const urls: Record<ImageKind, string[]> = { png: [], jpg: [], wide: [] };

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
    const wide = join(dir, 'wide');
    for (const path of recorded.filter((p) => p.endsWith('.jpg')))
      await writeWideFrame(join(dataset, path), join(wide, path));
    try {
      for (const kind of ['png', 'jpg', 'wide'] as const) {
        const extension = kind === 'png' ? '.png' : '.jpg';
        validation[kind] = recorded.filter((path) => path.endsWith(extension));
        const folder = kind === 'wide' ? wide : dataset;
        const files = validation[kind].map((path) => join(folder, path));
        const { probabilities } = await predictProbabilities(
          loaded.model,
          metadata.preprocessing,
          files.map((file) => ({ sha256: sha256Of(file), read: () => readFile(file) })),
        );
        const classes = metadata.classes.length;
        app[kind] = files.map((_, i) =>
          Array.from(probabilities.subarray(i * classes, (i + 1) * classes)),
        );
        urls[kind] = validation[kind].map(
          (path) => `/${kind === 'wide' ? 'wide' : 'images'}/${path}`,
        );
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
      { prefix: '/wide/', folder: wide },
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
      { prefix: '/lib/ml5/', folder: ML5_BUNDLE },
      { path: '/ml5', type: 'text/html', body: page(['/lib/ml5/ml5.min.js']) },
    ]);
  });

  test.afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function expectAgreement(
    page: Page,
    client: string,
    snippet: string,
    { required = REQUIRED_AGREEMENT, kinds = ['png', 'jpg'] }: AgreementCheck = {},
  ): Promise<void> {
    for (const kind of kinds) {
      const predicted = await classifyInPage(page, snippet, urls[kind]);
      const agreement = topOneAgreement(app[kind], predicted);
      const what = KIND_NAMES[kind];
      console.log(
        `${client}: top-1 agreement with the app ${(agreement * 100).toFixed(1)}% on ${predicted.length} ${what}, probabilities ${meanLargestGap(app[kind], predicted).toFixed(3)} apart (mean of the largest per image)`,
      );
      for (const [i, row] of predicted.entries()) {
        const ours = app[kind][i] ?? [];
        if (argMax(row) !== argMax(ours))
          console.log(
            `  differs on ${urls[kind][i]}: app ${rounded(ours)}, client ${rounded(row)}`,
          );
      }
      expect.soft(agreement, `${client} on ${what}`).toBeGreaterThanOrEqual(required);
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
      await expectAgreement(page, `${client}, predict(img)`, TEACHABLE_AS_DOCUMENTED, {
        kinds: ['jpg'],
      });
      // Its predict(img) reads transparent pixels as black (a canvas), the app flattens them onto
      // white: most answers still agree (96.7% measured), the README's known limit says why, and
      // the card's snippet, which paints white under the image, agrees fully below.
      await expectAgreement(page, `${client}, predict(img)`, TEACHABLE_AS_DOCUMENTED, {
        kinds: ['png'],
        required: 0.9,
      });
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

  test.describe('ml5', () => {
    // Decided before the shared set-up runs: without the bundle nothing here trains a model.
    test.skip(!ml5Fetched, ML5_MISSING);

    test('ml5 1.4.0 imageClassifier: classify(img) as its README shows, and the model card snippet', async ({
      page,
    }) => {
      await page.goto(`${server.origin}/ml5`);
      // ml5 squashes the whole image to 224×224 without cropping: near-square images keep the
      // app's answers, wider frames may not; well above chance (1 in 3) shows it ran this model.
      await expectAgreement(page, 'ml5 1.4.0, classify(img)', ML5_AS_DOCUMENTED(metadata.classes), {
        required: 0.6,
        kinds: ['png', 'jpg', 'wide'],
      });
      await expectAgreement(
        page,
        'ml5 1.4.0, model card snippet',
        ml5Snippet(metadata.preprocessing, '/model/model.json', '/model/metadata.json'),
        { kinds: ['png', 'jpg', 'wide'] },
      );
    });

    test('ml5 1.4.0 pixels: what it feeds the model, against the app’s crop and a stretch', async ({
      page,
    }) => {
      await page.goto(`${server.origin}/ml5`);
      for (const kind of ['png', 'jpg', 'wide'] as const) {
        // A few images suffice to tell a squash from a crop; each is 150k values to bring back.
        const count = Math.min(4, urls[kind].length);
        const fed = await classifyInPage(page, ML5_INPUT_CAPTURE, urls[kind].slice(0, count));
        const folder = join(dir, kind === 'wide' ? 'wide' : 'emoji');
        const difference = { crop: 0, stretch: 0 };
        for (const [i, path] of validation[kind].slice(0, count).entries()) {
          const file = await readFile(join(folder, path));
          // ml5 reads transparent pixels as a canvas does (black), the model flattens them onto
          // its background: the app decodes by ml5's rule here, so only the geometry differs.
          const asCanvas = { ...metadata.preprocessing, transparency: 'canvas' as const };
          const crop = await decodeForModel(file, asCanvas);
          const stretch = await decodeForModel(file, { ...asCanvas, resize: 'stretch' });
          expect(fed[i]).toHaveLength(crop.data.length);
          difference.crop += meanAbsoluteDifference(crop.data, fed[i] ?? []) / count;
          difference.stretch += meanAbsoluteDifference(stretch.data, fed[i] ?? []) / count;
        }
        console.log(
          `ml5 pixels (${KIND_NAMES[kind]}): mean absolute difference from the app's centre crop ${difference.crop.toFixed(2)}, from the app's input stretched to 224×224 ${difference.stretch.toFixed(2)} (of 255)`,
        );
        // ml5 squashes: its input is the stretched image (up to kernel and alpha handling), which
        // on a 16:9 frame is far from the centre crop.
        expect(difference.stretch).toBeLessThan(difference.crop + 0.01);
        if (kind === 'wide') expect(difference.crop).toBeGreaterThan(2 * difference.stretch);
      }
    });
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

type ImageKind = 'png' | 'jpg' | 'wide';
const KIND_NAMES: Record<ImageKind, string> = {
  png: 'transparent PNGs',
  jpg: 'opaque JPEGs',
  wide: 'JPEGs framed 16:9',
};

interface AgreementCheck {
  /** Least top-1 agreement the test accepts. */
  required?: number;
  kinds?: readonly ImageKind[];
}

/** How far a client's probabilities are from the app's: per image the largest gap, averaged. */
function meanLargestGap(app: readonly number[][], client: readonly number[][]): number {
  let sum = 0;
  client.forEach((row, i) => {
    sum += Math.max(...row.map((p, c) => Math.abs(p - (app[i]?.[c] ?? 0))));
  });
  return client.length ? sum / client.length : 0;
}

function meanAbsoluteDifference(ours: Uint8Array, theirs: readonly number[]): number {
  let sum = 0;
  ours.forEach((value, i) => (sum += Math.abs(value - (theirs[i] ?? 0))));
  return sum / ours.length;
}

function rounded(values: readonly number[]): string {
  return `[${values.map((v) => v.toFixed(3)).join(', ')}]`;
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
