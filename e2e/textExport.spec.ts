import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_TRAIN_SETTINGS } from '../src/common/training.js';
import { exportModel } from '../src/node/services/export/exportModel.js';
import { TextSession } from '../src/node/services/text/textSession.js';
import { writeTestTextModel } from '../src/node/testing/textModels.js';
import { findChromium } from './chromium.js';
import { serveStatic } from './clients/staticServer.js';

const browser = findChromium();
const TFJS_DIST = join(process.cwd(), 'node_modules', '@tensorflow', 'tfjs', 'dist');
/** Where the shipped example.html loads TensorFlow.js from; the test answers it from node_modules. */
const TFJS_CDN = 'https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/dist/tf.min.js';

/** Texts the model never saw, of the kinds a page is handed. */
const TEXTS = [
  'Whisk the cream until it holds soft peaks, then fold in the berries.',
  'The midfielder was booked for a late tackle in stoppage time.',
  'Heavy showers are expected along the coast tomorrow morning.',
  'Grill the fish and serve it with lemon.',
  'A penalty shoot-out decided the semi-final.',
  'Clear skies and frost overnight.',
  '',
  '   ',
  '¿Dónde está la estación? 日本語のテキスト 😀👍🏽',
  'ＦＵＬＬＷＩＤＴＨ ﬁne café',
  'word '.repeat(400),
];

type Ranked = { label: string; probability: number }[];

/**
 * Issue 14: a text model's TF.js export classifies raw text in a plain web page. The folder is
 * served as it was written, with TensorFlow.js from node_modules (no network), and the page's
 * probabilities must be the app's within 1e-4.
 */
test.describe("a text model's TF.js export in a web page", () => {
  test.skip(!browser.path, browser.missing ?? '');

  let dir: string;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let app: Ranked[];

  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-text-export-'));
    const env = { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    const session = new TextSession(env);
    const modelDir = await writeTestTextModel(dir, 'model', (await session.encoder()).encoder, {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 15 },
      validationSplit: 0.25,
    });
    await exportModel(modelDir, { formats: ['tfjs'], out: join(dir, 'web') });
    app = (await session.predict(modelDir, TEXTS)).map((p) =>
      p.probabilities.map(({ class: label, probability }) => ({ label, probability })),
    );
    (await session.encoder()).encoder.encoder.dispose();
    server = await serveStatic([
      { prefix: '/lib/tfjs/', folder: TFJS_DIST },
      { prefix: '/model/', folder: join(dir, 'web') },
      {
        path: '/page',
        type: 'text/html',
        body: '<!doctype html><title>text</title><script src="/lib/tfjs/tf.min.js"></script>',
      },
    ]);
  });

  test.afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Loads the exported module into the page as a module script would, on the given backend. */
  async function classifyInPage(page: Page, backend: string, texts: readonly string[]) {
    await page.goto(`${server.origin}/page`);
    await page.addScriptTag({
      type: 'module',
      content: [
        "import { loadTextClassifier } from '/model/textClassifier.js';",
        'globalThis.loadTextClassifier = loadTextClassifier;',
      ].join('\n'),
    });
    await page.waitForFunction(() => 'loadTextClassifier' in globalThis);
    return page.evaluate(
      async ({ backend, texts }) => {
        const { loadTextClassifier, tf } = globalThis as unknown as {
          loadTextClassifier: () => Promise<{ classify(text: string): Promise<Ranked> }>;
          tf: { setBackend(name: string): Promise<boolean>; getBackend(): string };
        };
        if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
        const classifier = await loadTextClassifier();
        const results: Ranked[] = [];
        for (const text of texts) results.push(await classifier.classify(text));
        return results;
      },
      { backend, texts },
    );
  }

  test('textClassifier.js as the model card shows, on the CPU backend: the app’s probabilities', async ({
    page,
  }) => {
    const results = await classifyInPage(page, 'cpu', TEXTS);
    expect(largestDifference(results, app)).toBeLessThan(1e-4);
  });

  test('textClassifier.js on WebGL (the default in a browser): the app’s classes, in lower precision', async ({
    page,
  }) => {
    // Software WebGL is slow here; the short texts show the precision as well as all would.
    const texts = TEXTS.slice(0, 6);
    const results = await classifyInPage(page, 'webgl', texts);
    largestDifference(results, app.slice(0, texts.length), 'webgl');
  });

  test('example.html as shipped: typing a text shows the app’s answer', async ({ page }) => {
    const tfjs = await readFile(join(TFJS_DIST, 'tf.min.js'));
    // The page asks a CDN for TensorFlow.js; the machine is offline, so the test hands it the
    // same version from node_modules and refuses anything else outside the test server.
    await page.route(
      (url) => !url.href.startsWith(server.origin),
      (route) =>
        route.request().url() === TFJS_CDN
          ? route.fulfill({ body: tfjs, contentType: 'text/javascript' })
          : route.abort(),
    );
    await page.goto(`${server.origin}/model/example.html`);
    await page.waitForFunction(() => 'classifier' in globalThis);
    const [text, ranked] = [TEXTS[1] as string, app[1] ?? []];
    await page.fill('#text', text);
    const first = page.locator('#result li').first();
    const top = ranked[0];
    await expect(first).toHaveText(`${top?.label}: ${((top?.probability ?? 0) * 100).toFixed(1)}%`);
    await expect(page.locator('#result li')).toHaveCount(ranked.length);
  });
});

/**
 * The largest gap between the page's probabilities and the app's, logged; every text must rank
 * the classes as the app does.
 */
function largestDifference(page: Ranked[], app: Ranked[], backend = 'cpu'): number {
  let largest = 0;
  for (const [i, ranked] of page.entries()) {
    const ours = app[i] ?? [];
    expect(
      ranked.map((r) => r.label),
      `${backend}: classes of text ${i}`,
    ).toEqual(ours.map((r) => r.label));
    for (const [c, { probability }] of ranked.entries())
      largest = Math.max(largest, Math.abs(probability - (ours[c]?.probability ?? NaN)));
  }
  console.log(
    `textClassifier.js (${backend}) on ${page.length} texts: largest probability difference from the app ${largest.toExponential(2)}`,
  );
  return largest;
}
