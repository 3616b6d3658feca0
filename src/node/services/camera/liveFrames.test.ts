import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { predictImageFiles } from '../training/modelServices.js';
import { LiveFramePredictor } from './liveFrames.js';

const SIZE = 32;

/** A webcam-sized frame with varied pixels, as a canvas in the page encodes it. */
async function cameraFrame(seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(640 * 480 * 3);
  for (let p = 0; p < raw.length; p++) raw[p] = (p * 5 + seed * 97 + ((p >> 7) % 61)) & 255;
  return sharp(raw, { raw: { width: 640, height: 480, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

describe('live predictions on camera frames', () => {
  let dir: string;
  let model: string;
  const live = new LiveFramePredictor();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-live-'));
    model = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV1(0.25, SIZE), {
      size: SIZE,
      classes: ['cat', 'dog', 'bird'],
    });
  });
  afterAll(async () => {
    await live.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('predicts a frame as model.predict predicts the same JPEG from a file', async () => {
    const frames = await Promise.all([1, 2].map(cameraFrame));
    const paths = await Promise.all(
      frames.map(async (frame, i) => {
        const path = join(dir, `frame-${i}.jpg`);
        await writeFile(path, frame);
        return path;
      }),
    );
    const fromFiles = await predictImageFiles(model, paths);
    for (const [i, frame] of frames.entries()) {
      const result = await live.predict(model, frame);
      const expected = fromFiles[i];
      expect(result.prediction).toBe(expected?.prediction);
      expect(result.probabilities.map((p) => p.class)).toEqual(
        expected?.probabilities.map((p) => p.class),
      );
      result.probabilities.forEach((p, c) =>
        expect(p.probability).toBeCloseTo(expected?.probabilities[c]?.probability ?? -1, 5),
      );
      expect(result.probabilities.reduce((sum, p) => sum + p.probability, 0)).toBeCloseTo(1, 5);
    }
  });

  it('refuses a frame that is not an image, and carries on with the next', async () => {
    const broken = (await cameraFrame(3)).subarray(0, 200);
    const refused = await live.predict(model, broken).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('IMAGE_DECODE_FAILED');
    const next = await live.predict(model, await cameraFrame(4));
    expect(next.probabilities).toHaveLength(3);
  });

  it('follows the model folder: one trained again in place answers with its new classes', async () => {
    const again = await writeTestTrainedModel(dir, 'again', () => buildMobileNetV1(0.25, SIZE), {
      size: SIZE,
      classes: ['a', 'b'],
    });
    expect((await live.predict(again, await cameraFrame(5))).probabilities).toHaveLength(2);
    // The same folder holding a newer model (written later, so a later createdAt): the open
    // model must not be reused.
    const newer = await writeTestTrainedModel(dir, 'newer', () => buildMobileNetV1(0.25, SIZE), {
      size: SIZE,
      classes: ['x', 'y', 'z', 'w'],
    });
    await rename(again, join(dir, 'older'));
    await rename(newer, again);
    const retrained = await live.predict(again, await cameraFrame(6));
    expect(retrained.probabilities.map((p) => p.class).sort()).toEqual(['w', 'x', 'y', 'z']);
  });

  it('answers frames from two callers one after the other, and again after close', async () => {
    const frames = await Promise.all([7, 8, 9, 10].map(cameraFrame));
    const results = await Promise.all(frames.map((frame) => live.predict(model, frame)));
    expect(results.map((r) => r.probabilities.length)).toEqual([3, 3, 3, 3]);
    await live.close();
    expect((await live.predict(model, frames[0] as Buffer)).probabilities).toEqual(
      results[0]?.probabilities,
    );
  });

  it('refuses a text model plainly', async () => {
    const text = join(dir, 'text-model');
    await mkdir(text);
    await writeFile(
      join(text, 'metadata.json'),
      JSON.stringify({ modality: 'text', classes: ['spam', 'ham'], encoder: { id: 'lite' } }),
    );
    const refused = await live.predict(text, await cameraFrame(12)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/texts/) });
  });

  it('says plainly when the folder holds no trained model', async () => {
    const missing = await live.predict(join(dir, 'nothing'), await cameraFrame(11)).catch((e) => e);
    expect((missing as AppError).code).toBe('NOT_FOUND');
  });
});
