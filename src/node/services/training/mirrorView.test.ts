import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainedModelMetadataSchema } from '../../../common/trainedModel.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import type { ImportedImage } from '../../../common/dataset.js';
import { makeNoisyJpeg } from '../../testing/images.js';
import {
  makeTrainingTestFolder,
  trainingJobIn,
  type TrainingTestFolder,
} from '../../testing/trainingFolders.js';
import { openDatasetSource } from '../dataset/openSource.js';
import { scanSource } from '../dataset/scanner.js';
import { augmentedViews } from './augmentedViews.js';
import { embedSplit } from './embedSplit.js';
import { resolveTrainingBase } from './resolveTrainingBase.js';
import { runTraining, type JobEvent } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';
const SHAPES = new URL('../../../../assets/samples/shapes/', import.meta.url).pathname;
const PER_CLASS = 6;
const CLASSES = ['circle', 'square', 'triangle'];

// The default recipe, shortened: one head and a few epochs decide nothing about the mirror view.
const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 3, batchSize: 8 },
};

/** The app's own sample shapes (64-px transparent PNGs), a few of each class, in `dataset`. */
async function copySampleShapes(dataset: string): Promise<void> {
  for (const shape of CLASSES) {
    await mkdir(join(dataset, shape), { recursive: true });
    const files = (await readdir(join(SHAPES, shape))).sort().slice(0, PER_CLASS);
    for (const file of files) await copyFile(join(SHAPES, shape, file), join(dataset, shape, file));
  }
}

describe('the mirror view (augmentation.mirror)', () => {
  let training: TrainingTestFolder;
  let dir: string;

  beforeAll(async () => {
    training = await makeTrainingTestFolder('ts-mirror-', ARCH, 'shapes', copySampleShapes);
    ({ dir } = training);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const train = async (name: string, changes: Partial<TrainSettings>) => {
    const events: JobEvent[] = [];
    const result = await runTraining({
      ...trainingJobIn(training, ARCH),
      settings: { ...settings, ...changes },
      out: join(dir, name),
      onEvent: (e) => events.push(e),
    });
    const metadata = trainedModelMetadataSchema.parse(
      JSON.parse(await readFile(join(dir, name, 'metadata.json'), 'utf8')),
    );
    const mirrored = events.filter((e) => e.type === 'embedding' && e.view === 'mirror').at(-1);
    return { result, metadata, mirrored };
  };

  const mirrorOn = { augmentation: { ...settings.augmentation, mirror: true } };

  it('is off by default: the head trains on the images as they are', async () => {
    expect(DEFAULT_TRAIN_SETTINGS.augmentation.mirror).toBeFalsy();
    const { metadata, mirrored } = await train('default', {});
    expect(mirrored).toBeUndefined();
    expect(metadata.settings.augmentation.mirror).toBeFalsy();
  });

  it('embeds every image mirrored when asked, the validation ones for the refit', async () => {
    const { metadata, mirrored } = await train('mirror', mirrorOn);
    const all = CLASSES.length * PER_CLASS;
    expect(mirrored).toMatchObject({ total: all, done: all });
    expect(metadata.settings.augmentation.mirror).toBe(true);
    // The refit trained on every image (and its mirror); the record counts images, not rows.
    expect(metadata.refit?.images).toBe(all);
  });

  it('mirrors only the training images without a refit', async () => {
    const noRefit = await train('no-refit', { ...mirrorOn, refit: false });
    const held = (noRefit.metadata.validationImages?.paths ?? []).length;
    const trainImages = CLASSES.length * PER_CLASS - held;
    expect(held).toBeGreaterThan(0);
    expect(noRefit.mirrored).toMatchObject({ total: trainImages, done: trainImages });
  });

  it("gives an image's mirror view the features of the mirrored image itself", async () => {
    // A model-sized photo and its mirror image saved losslessly, so no resampling stands between.
    const folder = join(dir, 'pair');
    await mkdir(join(folder, 'photos'), { recursive: true });
    const photo = await sharp(await makeNoisyJpeg(1200, 900, 3))
      .resize(96, 96)
      .png()
      .toBuffer();
    await writeFile(join(folder, 'photos', 'a.png'), photo);
    await writeFile(join(folder, 'photos', 'b.png'), await sharp(photo).flop().png().toBuffer());
    const source = await openDatasetSource(folder);
    const base = await resolveTrainingBase(ARCH, [training.store]);
    try {
      const images = (await scanSource(source, {})).images;
      const named = (file: string) => images.find((i) => i.path.endsWith(file)) as ImportedImage;
      const common = { source, preprocessing: base.preprocessing, cacheDir: join(dir, 'cache') };
      const [view] = await augmentedViews(
        base.model,
        [named('a.png')],
        { ...settings.augmentation, mirror: true },
        common,
      );
      const direct = await embedSplit({
        ...common,
        model: base.model,
        images: [named('b.png'), named('a.png')],
        view: 'original',
      });
      const size = direct.shape.reduce((a, b) => a * b, 1);
      const mirrorOfA = Array.from(view?.values ?? []);
      expect(mirrorOfA).toHaveLength(size);
      mirrorOfA.forEach((value, i) => expect(value).toBeCloseTo(direct.values[i] ?? NaN, 4));
      // …and not those of the image as it is.
      const fromA = direct.values.subarray(size);
      expect(mirrorOfA.some((value, i) => Math.abs(value - (fromA[i] ?? 0)) > 1e-3)).toBe(true);
    } finally {
      base.model.dispose();
      await source.close();
    }
  });
});
