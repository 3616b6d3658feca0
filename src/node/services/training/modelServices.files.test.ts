import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../engine/tf.js';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { MODEL_CONTRACT } from '../../../common/contract/modelContract.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import * as img from '../../testing/images.js';
import { evaluateValidationImages, predictImageFiles } from './modelServices.js';
import {
  BROKEN_FILES,
  writePredictTestFiles,
  type BrokenFile,
} from '../../testing/predictTestFiles.js';

const CLASSES = ['cat', 'dog', 'fox'];

describe('predictImageFiles: one result per file', () => {
  let dir: string;
  let modelDir: string;
  let files: Awaited<ReturnType<typeof writePredictTestFiles>>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-predict-files-'));
    modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, 32), {
      size: 32,
      classes: CLASSES,
    });
    files = await writePredictTestFiles(join(dir, 'tried'));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('classifies the good files and says, per broken file, what is wrong with it', async () => {
    const [first, second] = files.good as [string, string];
    const broken = Object.values(files.broken);
    const paths = [first, ...broken, second];
    const results = await predictImageFiles(modelDir, paths);
    expect(results.map((r) => r.path)).toEqual(paths);
    for (const good of [results[0], results.at(-1)]) {
      expect(good?.error).toBeUndefined();
      expect(CLASSES).toContain(good?.prediction);
      expect(good?.probabilities).toHaveLength(CLASSES.length);
    }
    for (const result of results.slice(1, -1)) {
      const name = basename(result.path) as BrokenFile;
      expect(result.error?.code, name).toBe(BROKEN_FILES[name]);
      expect(result.error?.message, name).toContain(result.path);
      expect(result.error?.message, name).not.toMatch(/Input Buffer|vips|Unknown error|EISDIR/i);
      expect(result.probabilities).toEqual([]);
    }
    // The app receives the same answer: the contract keeps each file's error.
    expect(MODEL_CONTRACT['model.predict'].response.parse(results)).toEqual(results);
  });

  it('says why an empty file and a cut-short JPEG fail, in the same words every time', async () => {
    const { broken } = files;
    const once = await predictImageFiles(modelDir, [broken['empty.jpg'], broken['half.jpg']]);
    const again = await predictImageFiles(modelDir, [broken['empty.jpg'], broken['half.jpg']]);
    expect(once.map((r) => r.error?.message)).toEqual(again.map((r) => r.error?.message));
    expect(once[0]?.error?.message).toMatch(/empty/);
    expect(once[1]?.error?.message).toMatch(/cut short/);
  });

  it('gives the same prediction for a good file whether or not a broken one is beside it', async () => {
    const [good] = files.good as [string];
    const [alone] = await predictImageFiles(modelDir, [good]);
    const [beside] = await predictImageFiles(modelDir, [good, files.broken['half.jpg']]);
    expect(beside?.probabilities).toEqual(alone?.probabilities);
  });
});

describe('evaluating image files: mistakes of equal loss listed by path', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-eval-ties-'));
    modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, 32), {
      size: 32,
      classes: CLASSES,
    });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('orders equally sure mistakes by path, not by the order the model recorded them', async () => {
    // The same picture in every class: every mistake is equally sure, every loss of a class equal.
    const dataset = join(dir, 'same');
    const picture = await img.makeJpeg(64, 48);
    const paths = CLASSES.flatMap((c) => ['a', 'b', 'c'].map((name) => `${c}/${name}.jpg`));
    for (const c of CLASSES) await mkdir(join(dataset, c), { recursive: true });
    for (const path of paths) await writeFile(join(dataset, path), picture);
    const metadataPath = join(modelDir, 'metadata.json');
    const metadata = JSON.parse(await readFile(metadataPath, 'utf8'));
    metadata.validationImages = { dataset, paths: [...paths].reverse() };
    await writeFile(metadataPath, JSON.stringify(metadata));

    const evaluation = await evaluateValidationImages(modelDir);
    const mistakes = evaluation.misclassified.map((v) => v.path);
    expect(new Set(evaluation.misclassified.map((v) => v.loss.toFixed(6))).size).toBe(2);
    expect(mistakes).toHaveLength(6);
    expect(mistakes).toEqual([...mistakes].sort());
  });
});
