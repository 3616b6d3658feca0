import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { writeTopicDataset } from '../../testing/topicTexts.js';
import { runTextScratchTraining } from '../text/textScratch.js';
import { exportFormatsOf, exportModel } from './exportModel.js';

const SIZE = 32;
const CLASSES = ['a', 'b', 'c'];

describe('what an export records and offers', () => {
  let dir: string;

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'ts-export-record-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    'a refit model: the card says its validation scores predate the refit, and the record drops the probabilities',
    { timeout: 120_000 },
    async () => {
      const source = await writeTestTrainedModel(dir, 'refit', () => buildMobileNetV2(0.35, SIZE), {
        size: SIZE,
        classes: CLASSES,
      });
      const path = join(source, 'metadata.json');
      const metadata = JSON.parse(await readFile(path, 'utf8')) as TrainedModelMetadata;
      const validationImages = 30;
      const refit = {
        epochs: 7,
        images: 150,
        trainedOn: 'training and validation images' as const,
        validationProbabilities: Array.from(
          { length: validationImages * CLASSES.length },
          (_, i) => (i % 3 === 0 ? 0.98 : 0.01),
        ),
        message: 'trained again on all 150 images',
      };
      const validation = {
        count: validationImages,
        accuracy: 0.9,
        confusion: [
          [9, 1, 0],
          [1, 9, 0],
          [0, 1, 9],
        ],
      };
      await writeFile(path, JSON.stringify({ ...metadata, refit, validation }));

      const out = join(dir, 'refit-export');
      const [result] = await exportModel(source, { formats: ['onnx'], out });
      const record = JSON.parse(await readFile(join(out, 'transfer-studio.json'), 'utf8'));
      expect(record.refit).toEqual({
        epochs: 7,
        images: 150,
        trainedOn: 'training and validation images',
        message: 'trained again on all 150 images',
      });
      expect(record.validation).toEqual(validation);
      expect(JSON.stringify(record)).not.toContain('validationProbabilities');
      const card = await readFile(join(out, 'README.md'), 'utf8');
      expect(card).toBe(result?.modelCard);
      expect(card).toContain('**90.0%** on 30 images');
      expect(card).toContain('before its refit');
      expect(card).toMatch(/- Refit: .*150 training and validation images for 7 epochs/);
    },
  );

  it(
    'a from-scratch text model offers no format, and exporting it is refused',
    { timeout: 120_000 },
    async () => {
      const dataset = join(dir, 'notes');
      await writeTopicDataset(dataset, 15, 17);
      const modelDir = join(dir, 'text-scratch');
      await runTextScratchTraining({
        dataset,
        out: modelDir,
        settings: DEFAULT_TRAIN_SETTINGS,
        phase: { epochs: 3 },
      });
      expect(await exportFormatsOf(modelDir)).toEqual([]);
      await expect(
        exportModel(modelDir, { formats: ['tfjs'], out: join(dir, 'text-scratch-export') }),
      ).rejects.toMatchObject({ code: 'UNSUPPORTED' });

      const image = await writeTestTrainedModel(dir, 'image', () => buildMobileNetV2(0.35, SIZE), {
        size: SIZE,
        classes: CLASSES,
      });
      expect(await exportFormatsOf(image)).toEqual(['tfjs', 'onnx', 'keras']);
    },
  );
});
