import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { runDemo } from '../demo/runDemo.js';
import { probeInputs } from '../export/probeInputs.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { buildLabReport } from '../report/labReport.js';
import { writeShapeSamples } from '../samples/shapes.js';
import { writeTestPack } from '../../testing/packs.js';
import { readTrainedModelMetadata } from './loadTrainedModel.js';
import { evaluateValidationImages } from './modelServices.js';
import { runTraining } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';

/** A shape drawn into a camera-sized, noisy JPEG (a few hundred kB), as photos really are. */
async function asPhoto(png: Buffer): Promise<Buffer> {
  const width = 900;
  const height = 700;
  const { data } = await sharp(png)
    .resize(width, height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let state = data.length;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = Math.max(0, Math.min(255, (data[i] ?? 0) + ((state >>> 24) % 41) - 20));
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** Everything that reads a run's images back does so through the dataset, a zip included. */
describe('a zipped dataset of real-size photos, end to end', () => {
  let dir: string;
  let zip: string;
  let env: Record<string, string>;
  let photoBytes: number[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-zip-flow-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 8, size: 40, seed: 4 });
    const entries = [];
    for (const shape of await readdir(join(dir, 'shapes'))) {
      for (const [i, file] of (await readdir(join(dir, 'shapes', shape))).entries()) {
        const data = await asPhoto(await readFile(join(dir, 'shapes', shape, file)));
        entries.push({ name: `photos/${shape}/${file}.jpg`, data, deflate: i % 2 === 0 });
      }
    }
    photoBytes = entries.map((e) => e.data.length);
    zip = join(dir, 'photos.zip');
    await writeFile(zip, writeStoredZip(entries));
    await tf.setBackend('cpu');
    await writeTestPack(join(dir, 'store'), ARCH);
    env = { TRANSFER_STUDIO_MODELS: join(dir, 'store'), TRANSFER_STUDIO_CACHE: join(dir, 'cache') };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    'trains, re-evaluates the reopened run, probes exports and writes report thumbnails from the zip',
    // A last guard only: embedding 24 photos on the cpu backend.
    { timeout: 600_000 },
    async () => {
      expect(Math.min(...photoBytes)).toBeGreaterThan(200_000);
      // One short epoch at a tiny learning rate: a model that still makes mistakes to show.
      const settings: TrainSettings = {
        ...DEFAULT_TRAIN_SETTINGS,
        phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 1, batchSize: 4, learningRate: 1e-6 },
      };
      const out = join(dir, 'model');
      const result = await runTraining({
        dataset: zip,
        base: ARCH,
        out,
        settings,
        backend: 'cpu',
        env,
      });
      const metadata = await readTrainedModelMetadata(out);
      const validationCount = metadata.validationImages?.paths.length ?? 0;
      expect(validationCount).toBeGreaterThan(0);

      const again = await evaluateValidationImages(out);
      expect(again.accuracy).toBeCloseTo(result.validation?.accuracy ?? NaN, 6);
      expect(again.confusion.flat().reduce((a, b) => a + b, 0)).toBe(validationCount);

      const probe = await probeInputs(metadata);
      expect(probe.kind).toBe('validation images');
      expect(probe.shape[0]).toBe(validationCount);

      expect(again.misclassified.length).toBeGreaterThan(0);
      const report = await buildLabReport(out);
      const thumbnails = report.match(/src="data:image\/jpeg;base64,/g) ?? [];
      expect(thumbnails.length).toBe(Math.min(again.misclassified.length, 24));
    },
  );

  it('trains the small from-scratch CNN on the zip', { timeout: 600_000 }, async () => {
    const result = await runDemo({ dataset: zip, epochs: 1, backend: 'cpu', env });
    expect(result.trainCount + result.validationCount).toBe(24);
  });
});
