import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { expect, test } from '@playwright/test';
import { buildMobileNetV2 } from '../src/engine/catalog/mobilenetV2.js';
import { exportModel } from '../src/node/services/export/exportModel.js';
import { writeTestTrainedModel } from '../src/node/testing/trainedModels.js';
import { loadTrainedModel } from '../src/node/services/training/loadTrainedModel.js';
import { findChromium } from './chromium.js';

const SIZE = 32;
const CLASSES = ['cat', 'dog', 'bird'];
const browser = findChromium();

/**
 * What the README promises: a TF.js export loads in a plain web page with the public
 * `@tensorflow/tfjs` bundle and `tf.loadLayersModel`, and predicts what the app predicts.
 */
test.describe('a TF.js export in a plain web page', () => {
  test.skip(!browser.path, browser.missing ?? '');

  let dir: string;
  let server: Server;
  let origin: string;
  let modelDir: string;

  test.beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-e2e-export-'));
    modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, SIZE), {
      size: SIZE,
      classes: CLASSES,
    });
    await exportModel(modelDir, { formats: ['tfjs'], out: join(dir, 'web') });
    const tfBundle = createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js');
    server = createServer((request, response) => {
      const name = (request.url ?? '/').slice(1);
      const path =
        name === ''
          ? null
          : name === 'tf.min.js'
            ? tfBundle
            : /^[\w.-]+$/.test(name)
              ? join(dir, 'web', name)
              : null;
      if (path === null)
        return response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><title>plain page</title><script src="/tf.min.js"></script>');
      readFile(path).then(
        (body) => response.writeHead(200).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('tf.loadLayersModel loads it and gives the app’s probabilities', async ({ page }) => {
    const input = tf.randomUniform([4, SIZE, SIZE, 3], -1, 1, 'float32', 7);
    const values = Array.from(input.dataSync());
    const app = await loadTrainedModel(modelDir);
    const expected = Array.from((app.model.predict(input) as tf.Tensor).dataSync());
    app.model.dispose();
    input.dispose();

    await page.goto(origin);
    const result = await page.evaluate(
      async ({ values, size }) => {
        const tfjs = (globalThis as unknown as { tf: typeof tf }).tf;
        await tfjs.setBackend('cpu');
        const model = await tfjs.loadLayersModel('/model.json');
        const metadata = (await (await fetch('/metadata.json')).json()) as { labels: string[] };
        const output = model.predict(tfjs.tensor(values, [4, size, size, 3])) as tf.Tensor;
        return {
          probabilities: Array.from(await output.data()),
          labels: metadata.labels,
          version: tfjs.version.tfjs,
        };
      },
      { values, size: SIZE },
    );
    expect(result.labels).toEqual(CLASSES);
    expect(result.version).toBe(tf.version.tfjs);
    expect(result.probabilities).toHaveLength(expected.length);
    const largest = Math.max(
      ...result.probabilities.map((p, i) => Math.abs(p - (expected[i] ?? NaN))),
    );
    expect(largest).toBeLessThan(1e-4);
  });
});
