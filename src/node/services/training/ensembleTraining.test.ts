import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/random.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { makeTrainingTestFolder } from '../../testing/trainingFolders.js';
import { loadTrainedModel } from './loadTrainedModel.js';
import { predictImageFiles, trainedModelInfo } from './modelServices.js';
import { runTraining, type JobEvent } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';
const PER_CLASS = 8;

/** Two classes of 96-px photos: a light disc or a dark bar on noise, placed at random. */
async function writeShapes(folder: string): Promise<string[]> {
  const random = seededRandom(21);
  const paths: string[] = [];
  for (const shape of ['disc', 'bar']) {
    await mkdir(join(folder, shape), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) {
      const size = 96;
      const rgb = Buffer.alloc(size * size * 3);
      const cx = 30 + random() * 36;
      const cy = 30 + random() * 36;
      for (let p = 0; p < size * size; p++) {
        const [x, y] = [p % size, Math.floor(p / size)];
        const inside =
          shape === 'disc'
            ? (x - cx) ** 2 + (y - cy) ** 2 < 20 ** 2
            : Math.abs(y - cy) < 7 && Math.abs(x - cx) < 28;
        const value = inside ? (shape === 'disc' ? 230 : 20) : 100 + Math.floor(random() * 60);
        rgb.fill(value, p * 3, p * 3 + 3);
      }
      const path = join(folder, shape, `${shape}-${i}.png`);
      await writeFile(
        path,
        await sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
          .png()
          .toBuffer(),
      );
      paths.push(path);
    }
  }
  return paths;
}

describe('runTraining with an ensemble head and mixup', () => {
  let dir: string;
  let store: string;
  let dataset: string;
  let images: string[];

  beforeAll(async () => {
    const folder = await makeTrainingTestFolder('ts-ensemble-', ARCH, 'shapes', writeShapes);
    ({ dir, store, dataset, written: images } = folder);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('saves one ordinary head as wide as its members, refit, that loads and predicts', async () => {
    const settings: TrainSettings = {
      ...DEFAULT_TRAIN_SETTINGS,
      head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 3 },
      mixup: 0.4,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 4, batchSize: 8 },
      validationSplit: 0.25,
    };
    const out = join(dir, 'model');
    const events: JobEvent[] = [];
    const result = await runTraining({
      dataset,
      base: ARCH,
      settings,
      store,
      cacheDir: join(dir, 'cache'),
      env: {},
      out,
      onEvent: (event) => events.push(event),
    });
    expect(result.history.length).toBeGreaterThan(0);
    // Heads 2 and 3 report as they train and as they refit; the refit says three heads refit.
    const heads = events.flatMap((e) =>
      e.type === 'member' && e.epoch === 0 ? [`${e.refit ? 'refit ' : ''}${e.member}`] : [],
    );
    expect(heads).toEqual(['2', '3', 'refit 2', 'refit 3']);
    expect(events.filter((e) => e.type === 'refit').every((e) => e.members === 3)).toBe(true);
    // Phase 1's wall time covers all three heads: more than the first head's epochs took.
    const firstHead = result.history.reduce((sum, m) => sum + m.seconds, 0);
    expect(result.phaseSeconds?.phase1).toBeGreaterThan(firstHead);
    expect(result.phaseSeconds?.refit).toBeGreaterThan(0);
    expect(result.phaseSeconds?.fineTuning).toBeUndefined();
    // The model folder records them, and model.info hands them to an earlier session's Runs.
    expect((await trainedModelInfo(out)).phaseSeconds).toEqual(result.phaseSeconds);
    const { model, metadata } = await loadTrainedModel(out);
    try {
      expect(metadata.settings.head.members).toBe(3);
      expect(metadata.settings.mixup).toBe(0.4);
      expect(metadata.refit?.images).toBe(2 * PER_CLASS);
      const kernel = model.getLayer('head_dense_1').getWeights()[0];
      expect(kernel?.shape[1]).toBe(300);
      expect(model.getLayer('head_predictions').getWeights()[0]?.shape).toEqual([300, 2]);
    } finally {
      model.dispose();
    }
    const predictions = await predictImageFiles(out, images.slice(0, 3));
    expect(predictions).toHaveLength(3);
    for (const prediction of predictions) {
      const total = prediction.probabilities.reduce((sum, p) => sum + p.probability, 0);
      expect(total).toBeCloseTo(1, 4);
    }
  });
});
