import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { SHAPE_CLASSES, writeShapeSamples } from '../samples/shapes.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import {
  evaluateModelOnDataset,
  evaluateValidationImages,
  predictImageFiles,
  type ModelWorkOptions,
} from './modelServices.js';
import { PREDICT_BATCH } from './predictImages.js';

const SIZE = 32;
/** Camera-sized images, a batch and a half of them: a cancel after the first batch is mid-way. */
const SHAPES = { perClass: 14, size: 480, seed: 3 };
const COUNT = SHAPES.perClass * SHAPE_CLASSES.length;

/** Options that cancel the work as soon as its first batch is done, and record every progress. */
function cancelAfterFirstBatch(): ModelWorkOptions & { seen: number[] } {
  const controller = new AbortController();
  const seen: number[] = [];
  return {
    seen,
    signal: controller.signal,
    onProgress: (done) => {
      seen.push(done);
      if (done > 0) controller.abort();
    },
  };
}

describe('cancelling predict and evaluate between batches', () => {
  let dir: string;
  let modelDir: string;
  let dataset: string;
  let images: string[];

  beforeAll(async () => {
    expect(COUNT).toBeGreaterThan(PREDICT_BATCH);
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-cancel-model-'));
    dataset = join(dir, 'shapes');
    await writeShapeSamples(dataset, SHAPES);
    modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, SIZE), {
      size: SIZE,
      classes: [...SHAPE_CLASSES],
    });
    const relative = (
      await Promise.all(
        SHAPE_CLASSES.map(async (c) => (await readdir(join(dataset, c))).map((f) => `${c}/${f}`)),
      )
    ).flat();
    images = relative.map((path) => join(dataset, path));
    // The model remembers its validation images, as a real run does.
    const metadataPath = join(modelDir, 'metadata.json');
    const metadata = JSON.parse(await readFile(metadataPath, 'utf8'));
    metadata.validationImages = { dataset, paths: relative };
    await writeFile(metadataPath, JSON.stringify(metadata));
    // A first run loads what tfjs keeps for good, so the tensor counts below compare like with like.
    await predictImageFiles(modelDir, images.slice(0, 1));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('predict stops after its first batch, frees the model, and the next predict runs whole', async () => {
    const tensors = tf.memory().numTensors;
    const options = cancelAfterFirstBatch();
    await expect(predictImageFiles(modelDir, images, options)).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(options.seen).toEqual([0, PREDICT_BATCH]);
    expect(tf.memory().numTensors).toBe(tensors);
    const predictions = await predictImageFiles(modelDir, images);
    expect(predictions.map((p) => p.path)).toEqual(images);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('evaluate on a dataset stops after its first batch; the next evaluation counts every image', async () => {
    const tensors = tf.memory().numTensors;
    const options = cancelAfterFirstBatch();
    await expect(evaluateModelOnDataset(modelDir, dataset, options)).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(options.seen).toEqual([0, PREDICT_BATCH]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await evaluateModelOnDataset(modelDir, dataset)).count).toBe(COUNT);
  });

  it('evaluating the recorded validation images stops after its first batch, then runs whole', async () => {
    const tensors = tf.memory().numTensors;
    const options = cancelAfterFirstBatch();
    await expect(evaluateValidationImages(modelDir, options)).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(options.seen).toEqual([0, PREDICT_BATCH]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await evaluateValidationImages(modelDir)).count).toBe(COUNT);
  });

  it('a request cancelled before it starts loads nothing', async () => {
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort();
    await expect(
      predictImageFiles(modelDir, images, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
