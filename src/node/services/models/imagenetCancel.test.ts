import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_CLASSES, shapeSvg } from '../samples/shapes.js';
import { seededRandom } from '../../../common/random.js';
import sharp from 'sharp';
import { BUNDLED_PACKS, repoBundledPacksDir } from './bundledPacks.js';
import {
  classifyImageFiles,
  loadImageClassifier,
  type ImageClassifier,
} from './imagenetClassifier.js';

describe('cancelling the pretrained network’s guesses between images', () => {
  let classifier: ImageClassifier;
  const photos = new Map<string, Uint8Array>();

  beforeAll(async () => {
    await tf.setBackend('cpu');
    classifier = await loadImageClassifier(
      join(repoBundledPacksDir(), BUNDLED_PACKS.classifier.folder),
    );
    const random = seededRandom(4);
    for (const shape of SHAPE_CLASSES)
      photos.set(
        `${shape}.png`,
        await sharp(Buffer.from(shapeSvg(shape, 480, random)))
          .png()
          .toBuffer(),
      );
  }, 60_000);
  afterAll(() => classifier.model.dispose());

  it('stops after the image being read when cancelled; the next question gets every answer', async () => {
    const controller = new AbortController();
    const read: string[] = [];
    // A source that hands out one image and then sees the user go away.
    const readThenCancel = async (path: string) => {
      read.push(path);
      controller.abort();
      return photos.get(path) ?? new Uint8Array();
    };
    const tensors = tf.memory().numTensors;
    await expect(
      classifyImageFiles(classifier, [...photos.keys()], 3, {
        read: readThenCancel,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(read).toEqual(['circle.png']);
    expect(tf.memory().numTensors).toBe(tensors);

    const guesses = await classifyImageFiles(classifier, [...photos.keys()], 3, {
      read: async (path) => photos.get(path) ?? new Uint8Array(),
    });
    expect(guesses).toHaveLength(SHAPE_CLASSES.length);
    expect(guesses.every((g) => g.length === 3)).toBe(true);
  });
});
