import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/random.js';
import type { Evaluation } from '../../../common/evaluation.js';
import { trainedModelMetadataSchema } from '../../../common/trainedModel.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import {
  makeTrainingTestFolder,
  trainingJobIn,
  type TrainingTestFolder,
} from '../../testing/trainingFolders.js';
import { evaluateValidationImages, predictImageFiles } from './modelServices.js';
import { runTraining, type JobEvent } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';
const PER_CLASS = 10;
/** Of each class's images, this many are saved as opaque JPEGs (photos among the stickers). */
const OPAQUE_PER_CLASS = 2;

/**
 * Stickers of two classes (a disc, a bar) in random colours and places on a transparent
 * background, 80×80 PNGs, with a few flattened to JPEG as a photo would be.
 */
async function writeStickers(folder: string): Promise<void> {
  const random = seededRandom(11);
  for (const shape of ['disc', 'bar']) {
    await mkdir(join(folder, shape), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) {
      const size = 80;
      const rgba = Buffer.alloc(size * size * 4);
      const colour = [0, 0, 0].map(() => 40 + Math.floor(random() * 200));
      const cx = 25 + random() * 30;
      const cy = 25 + random() * 30;
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const inside =
            shape === 'disc'
              ? (x - cx) ** 2 + (y - cy) ** 2 < 18 ** 2
              : Math.abs(y - cy) < 6 && Math.abs(x - cx) < 24;
          if (inside) rgba.set([...colour, 255], (y * size + x) * 4);
        }
      const image = sharp(rgba, { raw: { width: size, height: size, channels: 4 } });
      const opaque = i < OPAQUE_PER_CLASS;
      const bytes = opaque ? await image.flatten().jpeg().toBuffer() : await image.png().toBuffer();
      await writeFile(join(folder, shape, `${shape}-${i}.${opaque ? 'jpg' : 'png'}`), bytes);
    }
  }
}

const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 6, batchSize: 8 },
  validationSplit: 0.3,
};

describe('runTraining with refit and background views', () => {
  let folder: TrainingTestFolder;
  let dir: string;
  let dataset: string;

  beforeAll(async () => {
    folder = await makeTrainingTestFolder('ts-refit-', ARCH, 'stickers', writeStickers);
    ({ dir, dataset } = folder);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const train = (name: string, changes: Partial<TrainSettings>, events: JobEvent[] = []) =>
    runTraining({
      ...trainingJobIn(folder, ARCH),
      settings: { ...settings, ...changes },
      out: join(dir, name),
      onEvent: (e) => events.push(e),
    });

  const metadataOf = async (name: string) =>
    trainedModelMetadataSchema.parse(
      JSON.parse(await readFile(join(dir, name, 'metadata.json'), 'utf8')),
    );

  it('saves a head refit on every image for the epochs validation chose, and reports the validation model', async () => {
    const plain = await train('plain', { refit: false });
    const refit = await train('refit', { refit: true });
    // The validation phase is the same run: same history, same best epoch, same validation scores.
    const scores = (r: typeof plain) => r.history.map(({ seconds: _, ...scored }) => scored);
    expect(scores(refit)).toEqual(scores(plain));
    expect(refit.validation).toEqual(plain.validation);
    expect(refit.timings).toHaveProperty('refit');
    const metadata = await metadataOf('refit');
    expect(metadata.refit).toMatchObject({ epochs: plain.bestEpoch, images: 2 * PER_CLASS });
    expect(metadata.refit?.message).toMatch(/validation metrics are those of the model before/);
    expect((await metadataOf('plain')).refit).toBeUndefined();
    // The saved head is another one: trained on all 20 images rather than the 14 training ones.
    const weights = async (name: string) =>
      JSON.parse(await readFile(join(dir, name, 'model.json'), 'utf8')).weightsManifest;
    const headBytes = async (name: string) => {
      const files = (await weights(name)) as { paths: string[] }[];
      return Buffer.concat(
        await Promise.all(files.flatMap((g) => g.paths).map((p) => readFile(join(dir, name, p)))),
      );
    };
    expect((await headBytes('refit')).equals(await headBytes('plain'))).toBe(false);
  });

  it('evaluates a refit model on its validation images with the scores from before the refit, not as held out', async () => {
    const result = await train('refit-evaluated', { refit: true });
    const modelDir = join(dir, 'refit-evaluated');
    const metadata = await metadataOf('refit-evaluated');
    expect(metadata.refit?.trainedOn).toBe('training and validation images');
    const paths = metadata.validationImages?.paths ?? [];
    expect(metadata.refit?.validationProbabilities).toHaveLength(paths.length * 2);

    const evaluation = await evaluateValidationImages(modelDir);
    expect(evaluation.count).toBe(paths.length);
    expect(evaluation.accuracy).toBe(result.validation?.accuracy);
    expect(evaluation.confusion).toEqual(result.validation?.confusion);
    // Each image's probabilities are the validation-phase model's, and not the saved model's,
    // which trained on these images.
    const saved = await predictImageFiles(
      modelDir,
      paths.map((p) => join(dataset, p)),
    );
    // Every image is still on disk, so verdict indices are positions in the recorded paths.
    const byIndex = (e: Evaluation) =>
      new Map([...e.misclassified, ...(e.correct ?? [])].map((v) => [v.index, v.probabilities]));
    const shown = byIndex(evaluation);
    const before = byIndex(result.validation as Evaluation);
    expect(shown.size).toBe(paths.length);
    let differs = 0;
    for (const [index, probabilities] of shown) {
      before.get(index)?.forEach((p, c) => expect(probabilities[c]).toBeCloseTo(p, 4));
      const own = saved[index]?.probabilities.find((p) => p.class === metadata.classes[0]);
      if (Math.abs((own?.probability ?? 0) - (probabilities[0] ?? 0)) > 1e-3) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('embeds the transparent images on each background, and only those', async () => {
    const events: JobEvent[] = [];
    const augmentation = { ...settings.augmentation, backgrounds: true };
    await train('backgrounds', { augmentation, refit: true }, events);
    const lastOfView = (view: string) =>
      events.filter((e) => e.type === 'embedding' && e.view === view).at(-1);
    const transparent = 2 * (PER_CLASS - OPAQUE_PER_CLASS);
    for (const view of ['bg:black', 'bg:grey', 'bg:colour'])
      // A refit trains on the validation images too, so all the transparent ones get views.
      expect(lastOfView(view)).toMatchObject({ total: transparent, done: transparent });
    // White is the model's own background: that view would only repeat the originals.
    expect(lastOfView('bg:white')).toBeUndefined();
    // The refit head trained on the originals and the 3 background views of the transparent ones.
    expect((await metadataOf('backgrounds')).refit?.images).toBe(2 * PER_CLASS);
  });
});
