import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobilenetPreprocessing } from '../../../common/preprocessing.js';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { calibrateBatchNorm, seedWeights } from '../../../engine/testing/calibrateBatchNorm.js';
import { makeNoisyJpeg, makePng, truncated } from '../../testing/images.js';
import { createEmbedder, type Embedder } from './embedder.js';
import { embedImages, type EmbedItem, type EmbedProgress } from './embedImages.js';
import { FeatureCache, weightsFingerprint } from './featureCache.js';

const SIZE = 64;
const preprocessing = mobilenetPreprocessing(SIZE);

function counting(embedder: Embedder): Embedder & { images: number } {
  const wrapper = {
    engine: embedder.engine,
    device: embedder.device,
    featureShape: embedder.featureShape,
    images: 0,
    embed: (batch: Float32Array, count: number) => {
      wrapper.images += count;
      return embedder.embed(batch, count);
    },
    dispose: () => embedder.dispose(),
  };
  return wrapper;
}

describe('embedImages', () => {
  let dir: string;
  let model: tf.LayersModel;
  let items: EmbedItem[];

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'ts-embed-'));
    model = buildMobileNetV2(0.35, SIZE);
    seedWeights(model, 19);
    calibrateBatchNorm(model, tf.randomUniform([4, SIZE, SIZE, 3], -1, 1, 'float32', 1));
    const images = await Promise.all(
      Array.from({ length: 7 }, (_, i) => makePng(80, 60, { r: i * 30, g: 255 - i * 30, b: 100 })),
    );
    items = images.map((png) => ({
      sha256: createHash('sha256').update(png).digest('hex'),
      read: async () => png,
    }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the same features through onnxruntime as through tfjs', async () => {
    const ort = await createEmbedder(model, 'onnxruntime', 1);
    const reference = await createEmbedder(model, 'tfjs');
    expect([ort.embedder.engine, reference.embedder.engine]).toEqual(['onnxruntime', 'tfjs']);
    const a = await embedImages(items, { preprocessing, embedder: ort.embedder, batchSize: 3 });
    const b = await embedImages(items, {
      preprocessing,
      embedder: reference.embedder,
      batchSize: 3,
    });
    const scale = Math.max(...b.map(Math.abs));
    const worst = Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? NaN))));
    expect(scale).toBeGreaterThan(0.1);
    expect(worst / scale).toBeLessThan(1e-4);
    await ort.embedder.dispose();
  });

  it('embeds each image once: a second run reads the cache, a new image alone is embedded', async () => {
    const { embedder } = await createEmbedder(model, 'onnxruntime', 1);
    const key = {
      weights: weightsFingerprint(model),
      preprocessing,
      featureShape: embedder.featureShape,
      view: 'original',
      version: 1 as const,
    };
    const cache = await FeatureCache.open(
      dir,
      key,
      embedder.featureShape.reduce((x, y) => x * y, 1),
    );
    const first = counting(embedder);
    const progress: EmbedProgress[] = [];
    const features = await embedImages(items.slice(0, 5), {
      preprocessing,
      embedder: first,
      cache,
      batchSize: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(first.images).toBe(5);
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5, cached: 0 });

    const second = counting(embedder);
    const again = await embedImages(items, {
      preprocessing,
      embedder: second,
      cache,
      batchSize: 2,
    });
    expect(second.images).toBe(2);
    expect(again.subarray(0, features.length)).toEqual(features);
    await embedder.dispose();
  });

  it('keys the cache by weights and preprocessing', async () => {
    const base = {
      weights: 'a'.repeat(64),
      preprocessing,
      featureShape: [1280],
      view: 'original',
      version: 1 as const,
    };
    const one = await FeatureCache.open(dir, base, 1280);
    const other = await FeatureCache.open(
      dir,
      { ...base, preprocessing: { ...preprocessing, resize: 'pad' } },
      1280,
    );
    const third = await FeatureCache.open(dir, { ...base, weights: 'b'.repeat(64) }, 1280);
    expect(new Set([one.folder, other.folder, third.folder]).size).toBe(3);
  });

  it('fails with the decode error when an image of a later batch is corrupt', async () => {
    const { embedder } = await createEmbedder(model, 'onnxruntime', 1);
    const broken = { sha256: 'f'.repeat(64), read: async () => truncated(await makeNoisyJpeg()) };
    const run = embedImages([...items.slice(0, 3), broken, ...items.slice(3)], {
      preprocessing,
      embedder,
      batchSize: 2,
    });
    await expect(run).rejects.toMatchObject({ code: 'IMAGE_DECODE_FAILED' });
    await embedder.dispose();
  });

  it('fails with the read error when a file of a later batch cannot be read', async () => {
    const { embedder } = await createEmbedder(model, 'onnxruntime', 1);
    const gone = {
      sha256: 'e'.repeat(64),
      read: () => readFile(join(dir, 'no-such-image.jpg')),
    };
    const run = embedImages([...items.slice(0, 4), gone], {
      preprocessing,
      embedder,
      batchSize: 2,
    });
    await expect(run).rejects.toMatchObject({ code: 'ENOENT' });
    await embedder.dispose();
  });

  it('stops between batches when cancelled', async () => {
    const { embedder } = await createEmbedder(model, 'tfjs');
    const controller = new AbortController();
    const run = embedImages(items, {
      preprocessing,
      embedder,
      batchSize: 2,
      signal: controller.signal,
      onProgress: (p) => p.done >= 2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
