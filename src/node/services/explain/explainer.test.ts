import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PATCH_CLASSES,
  patchImages,
  trainPatchClassifier,
  type PatchImage,
} from '../../../engine/explain/testing/patchModel.js';
import { testTrainedModelMetadata } from '../../testing/trainedModels.js';
import { writeLayersModel } from '../models/writeLayersModel.js';
import { explainForApp } from './explainForApp.js';
import { openExplainer, type Explainer, type ImageExplanation } from './explainer.js';

const SIZE = 32;

/** A patch image as a PNG file would hold it, scaled up so it is not the model's size. */
function png(image: PatchImage, side = SIZE * 10): Promise<Buffer> {
  return sharp(image.rgb, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .resize(side, side, { kernel: 'nearest' })
    .png()
    .toBuffer();
}

function leftShare(heatmap: number[][]): number {
  let left = 0;
  let total = 0;
  for (const row of heatmap)
    row.forEach((v, c) => {
      total += v;
      if (c < row.length / 2) left += v;
    });
  return left / total;
}

describe('explaining a trained model folder', () => {
  let dir: string;
  let modelDir: string;
  let marked: Buffer[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-explain-'));
    const classifier = await trainPatchClassifier(SIZE);
    modelDir = join(dir, 'model');
    const metadata = testTrainedModelMetadata({ size: SIZE, classes: [...PATCH_CLASSES] });
    await writeLayersModel(classifier, modelDir, {
      extraFiles: { 'metadata.json': JSON.stringify(metadata) },
    });
    classifier.dispose();
    const images = patchImages(8, SIZE, { seed: 41, side: 'left' }).filter((i) => i.label === 1);
    marked = await Promise.all(images.map((i) => png(i)));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function explainAll(explainer: Explainer): Promise<ImageExplanation[]> {
    const results: ImageExplanation[] = [];
    for (const image of marked) results.push(await explainer.explain(image, 'marked'));
    return results;
  }

  it('finds the patch from a real-size image file, over the whole image', async () => {
    const explainer = await openExplainer(modelDir);
    try {
      const results = await explainAll(explainer);
      for (const result of results) {
        expect(result.class).toBe('marked');
        // A square image, centre-cropped to the model: one row per map row, one column per column.
        expect(result.heatmap).toHaveLength(16);
        expect(result.heatmap.every((row) => row.length === 16)).toBe(true);
        expect(result.heatmap.flat().every((v) => v >= 0 && v <= 1)).toBe(true);
      }
      const shares = results.map((r) => leftShare(r.heatmap));
      expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeGreaterThan(0.6);
    } finally {
      await explainer.dispose();
    }
  });

  it('gives the same maps with the base in onnxruntime (split) as wholly in tfjs', async () => {
    const split = await openExplainer(modelDir, { engine: 'onnxruntime' });
    const whole = await openExplainer(modelDir, { engine: 'tfjs' });
    try {
      expect([split.engine, whole.engine]).toEqual(['onnxruntime', 'tfjs']);
      const a = await explainAll(split);
      const b = await explainAll(whole);
      a.forEach((result, i) => {
        const reference = b[i];
        expect(result.prediction).toBe(reference?.prediction);
        expect(result.probability).toBeCloseTo(reference?.probability ?? -1, 4);
        result.map.heatmap.forEach((v, p) =>
          expect(Math.abs(v - (reference?.map.heatmap[p] ?? -1))).toBeLessThan(1e-3),
        );
      });
    } finally {
      await split.dispose();
      await whole.dispose();
    }
  });

  it('leaves no tensor behind, on either path', async () => {
    for (const engine of ['onnxruntime', 'tfjs'] as const) {
      const before = tf.memory().numTensors;
      const explainer = await openExplainer(modelDir, { engine });
      await explainAll(explainer);
      await explainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('draws an overlay the size of the image, hot where the map is', async () => {
    const explainer = await openExplainer(modelDir);
    try {
      const image = marked[0] as Buffer;
      const result = await explainer.explain(image, 'marked');
      const overlay = await explainer.overlay(image, result);
      const drawn = await sharp(overlay).raw().toBuffer({ resolveWithObject: true });
      const { info } = drawn;
      expect([info.width, info.height]).toEqual([SIZE * 10, SIZE * 10]);
      const under = await sharp(image).removeAlpha().raw().toBuffer();
      // Red minus blue that the overlay added rises with the map's value: compare the hottest and
      // coldest map columns.
      const addedRedness = (column: number) => {
        let sum = 0;
        for (let y = 0; y < info.height; y++) {
          const p = (y * info.width + column) * 3;
          const redness = (d: Uint8Array | Buffer) => (d[p] ?? 0) - (d[p + 2] ?? 0);
          sum += redness(drawn.data) - redness(under);
        }
        return sum;
      };
      const columnHeat = (c: number) => result.heatmap.reduce((s, row) => s + (row[c] ?? 0), 0);
      const columns = result.heatmap[0]?.map((_, c) => c) ?? [];
      const hottest = columns.reduce((a, b) => (columnHeat(b) > columnHeat(a) ? b : a));
      const coldest = columns.reduce((a, b) => (columnHeat(b) < columnHeat(a) ? b : a));
      expect(columnHeat(hottest)).toBeGreaterThan(columnHeat(coldest));
      const pixelOf = (c: number) => Math.floor(((c + 0.5) * info.width) / columns.length);
      expect(addedRedness(pixelOf(hottest))).toBeGreaterThan(addedRedness(pixelOf(coldest)));
      const small = await explainer.overlay(image, result, { maxSide: 100 });
      expect((await sharp(small).metadata()).width).toBe(100);
    } finally {
      await explainer.dispose();
    }
  });

  it('refuses a class the model does not have, naming the ones it has', async () => {
    const explainer = await openExplainer(modelDir);
    try {
      await expect(explainer.explain(marked[0] as Buffer, 'dog')).rejects.toThrow(
        /no class "dog"; its classes are: plain, marked/,
      );
    } finally {
      await explainer.dispose();
    }
  });

  it('answers the app with overlays as PNG data URLs, reading images inside a dataset', async () => {
    const dataset = join(dir, 'dataset');
    await mkdir(join(dataset, 'marked'), { recursive: true });
    await writeFile(join(dataset, 'marked', 'one.png'), marked[0] as Buffer);
    const [result] = await explainForApp({ modelDir, images: ['marked/one.png'], dataset });
    expect(result).toMatchObject({ path: 'marked/one.png', class: result?.prediction });
    expect(result?.heatmap).toHaveLength(16);
    const png = Buffer.from(
      result?.overlay.replace(/^data:image\/png;base64,/, '') ?? '',
      'base64',
    );
    // The app's overlays are capped at 512 pixels a side; this image is smaller, so it keeps its size.
    expect((await sharp(png).metadata()).width).toBe(SIZE * 10);
    // A path that leaves the dataset is refused, not read.
    await expect(
      explainForApp({ modelDir, images: ['../model/metadata.json'], dataset }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(explainForApp({ modelDir, images: [join(dir, 'missing.png')] })).rejects.toThrow(
      /There is no file at .*missing\.png/,
    );
  });

  it('says plainly when the file is not an image', async () => {
    const explainer = await openExplainer(modelDir);
    try {
      await expect(explainer.explain(Buffer.from('not an image at all'))).rejects.toMatchObject({
        code: 'IMAGE_DECODE_FAILED',
      });
    } finally {
      await explainer.dispose();
    }
  });
});
