import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { SHAPE_CLASSES, writeShapeSamples } from '../samples/shapes.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { explainForApp, type AppExplanation } from './explainForApp.js';
import { explainImageFiles, type FileExplanation } from './explainFiles.js';

const SIZE = 32;

describe('cancelling Grad-CAM between images', () => {
  let dir: string;
  let modelDir: string;
  let dataset: string;
  let images: string[];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-cancel-explain-'));
    dataset = join(dir, 'shapes');
    await writeShapeSamples(dataset, { perClass: 1, size: 640, seed: 9 });
    modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, SIZE), {
      size: SIZE,
      classes: [...SHAPE_CLASSES],
    });
    images = (
      await Promise.all(
        SHAPE_CLASSES.map(async (c) => (await readdir(join(dataset, c))).map((f) => `${c}/${f}`)),
      )
    ).flat();
    // What tfjs keeps for good after a first run must not count as left behind below.
    await explainForApp({ modelDir, images: images.slice(0, 1), dataset });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stops after the image it was explaining when cancelled, and frees the model', async () => {
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: AppExplanation[] = [];
    const explaining = explainForApp({
      modelDir,
      images,
      dataset,
      signal: controller.signal,
      onResult: (result) => {
        seen.push(result);
        controller.abort();
      },
    });
    await expect(explaining).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen.map((r) => r.path)).toEqual(images.slice(0, 1));
    expect(tf.memory().numTensors).toBe(tensors);

    const again = await explainForApp({ modelDir, images, dataset });
    expect(again.map((r) => r.path)).toEqual(images);
    expect(again.every((r) => r.overlay.startsWith('data:image/png;base64,'))).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('the command line’s explain of files stops between images too', async () => {
    const controller = new AbortController();
    const seen: FileExplanation[] = [];
    const files = images.map((path) => join(dataset, path));
    const explaining = explainImageFiles(modelDir, files, {
      signal: controller.signal,
      onResult: (result) => {
        seen.push(result);
        controller.abort();
      },
    });
    await expect(explaining).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toHaveLength(1);
  });
});
