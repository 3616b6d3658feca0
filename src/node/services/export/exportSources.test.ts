import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { exportModel } from './exportModel.js';
import { ExportSources, loadExportSource } from './exportSources.js';

const SIZE = 32;
const CLASSES = ['a', 'b', 'c'];

describe('the app exporting one format per request', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'ts-export-sources-'));
    modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, SIZE), {
      size: SIZE,
      classes: CLASSES,
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    'loads the model once for its three formats, and again once the folder is written anew',
    {
      timeout: 120_000,
    },
    async () => {
      const loaded: string[] = [];
      const sources = new ExportSources(async (path, signal) => {
        loaded.push(path);
        return loadExportSource(path, signal);
      });
      const out = join(dir, 'steps');
      for (const format of ['tfjs', 'onnx', 'keras'] as const) {
        const [result] = await exportModel(modelDir, {
          formats: [format],
          out: join(out, format),
          sources,
        });
        expect(result?.parity.maxAbsDifference).toBeLessThan(1e-4);
      }
      expect(loaded).toEqual([modelDir]);
      expect((await readdir(out)).sort()).toEqual(['keras', 'onnx', 'tfjs']);

      // Trained again in place: another model, whatever the folder is called.
      await rm(modelDir, { recursive: true });
      await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, SIZE), {
        size: SIZE,
        classes: CLASSES,
      });
      await exportModel(modelDir, { formats: ['onnx'], out: join(dir, 'retrained'), sources });
      expect(loaded).toEqual([modelDir, modelDir]);
      sources.close();
    },
  );

  it(
    'keeps a source in use until its export is done, even when another model is asked for',
    {
      timeout: 120_000,
    },
    async () => {
      const disposed: string[] = [];
      const sources = new ExportSources(async (path, signal) => {
        const source = await loadExportSource(path, signal);
        return { ...source, dispose: () => (disposed.push(path), source.dispose()) };
      });
      const first = await sources.acquire(modelDir);
      const other = await writeTestTrainedModel(dir, 'other', () => buildMobileNetV2(0.35, SIZE), {
        size: SIZE,
        classes: CLASSES,
      });
      const second = await sources.acquire(other);
      expect(disposed).toEqual([]);
      first.release();
      expect(disposed).toEqual([modelDir]);
      second.release();
      sources.close();
      expect(disposed).toEqual([modelDir, other]);
    },
  );
});

describe('an export refused before any work', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-export-refused-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // The model folder is not even readable: a refusal that comes first never gets to it.
  const unreadable = () => join(dir, 'no-model-here');

  it('refuses a folder already there without reading the model', async () => {
    const out = join(dir, 'taken');
    await mkdir(out);
    await expect(exportModel(unreadable(), { formats: ['tfjs'], out })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    await mkdir(join(dir, 'several', 'onnx'), { recursive: true });
    await expect(
      exportModel(unreadable(), { formats: ['tfjs', 'onnx'], out: join(dir, 'several') }),
    ).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      details: { path: join(dir, 'several', 'onnx') },
    });
  });

  it('refuses to overwrite a folder the app did not write without reading the model', async () => {
    const out = join(dir, 'documents');
    await mkdir(out);
    await writeFile(join(out, 'thesis.docx'), 'mine');
    await expect(
      exportModel(unreadable(), { formats: ['onnx'], out, overwrite: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await readdir(out)).toEqual(['thesis.docx']);
  });
});
