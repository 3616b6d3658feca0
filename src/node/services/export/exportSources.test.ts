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

/** A small trained MobileNetV2 folder in a new temporary folder, the wasm backend set first. */
async function writeSmallModelOnWasm(prefix: string): Promise<{ dir: string; modelDir: string }> {
  expect(await tf.setBackend('wasm')).toBe(true);
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV2(0.35, SIZE), {
    size: SIZE,
    classes: CLASSES,
  });
  return { dir, modelDir };
}

describe('the app exporting one format per request', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    ({ dir, modelDir } = await writeSmallModelOnWasm('ts-export-sources-'));
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

/** A load held until the test opens it; then the real load, with the signal it was given. */
function heldLoad() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const signals: AbortSignal[] = [];
  const load = async (path: string, signal?: AbortSignal) => {
    if (signal) signals.push(signal);
    await opened;
    return loadExportSource(path, signal);
  };
  return { load, open, signals };
}

describe('two exports sharing one loading model', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    ({ dir, modelDir } = await writeSmallModelOnWasm('ts-export-shared-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    'a cancelled first export leaves the load to the second, which exports',
    { timeout: 120_000 },
    async () => {
      const held = heldLoad();
      const first = new AbortController();
      // The first export gives up once the second waits on the same load.
      const sources = new ExportSources(held.load, undefined, (users) => {
        if (users === 2) first.abort();
      });
      const cancelled = exportModel(modelDir, {
        formats: ['onnx'],
        out: join(dir, 'first'),
        sources,
        signal: first.signal,
      });
      const kept = exportModel(modelDir, {
        formats: ['onnx'],
        out: join(dir, 'second'),
        sources,
        signal: new AbortController().signal,
      });
      await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
      held.open();
      const [result] = await kept;
      expect(result?.parity.maxAbsDifference).toBeLessThan(1e-4);
      expect(held.signals).toHaveLength(1);
      expect(held.signals[0]?.aborted).toBe(false);
      expect((await readdir(dir)).sort()).toEqual(['model', 'second']);
      sources.close();
    },
  );

  it(
    'stops the load once every export waiting for it is cancelled, and loads anew after',
    { timeout: 120_000 },
    async () => {
      const held = heldLoad();
      const waiting = [new AbortController(), new AbortController()];
      const sources = new ExportSources(held.load, undefined, (users) => {
        if (users === 2) for (const controller of waiting) controller.abort();
      });
      const exports = waiting.map((controller, i) =>
        exportModel(modelDir, {
          formats: ['tfjs'],
          out: join(dir, `gone-${i}`),
          sources,
          signal: controller.signal,
        }),
      );
      for (const cancelled of exports)
        await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(held.signals.map((signal) => signal.aborted)).toEqual([true]);
      held.open();
      const [result] = await exportModel(modelDir, {
        formats: ['tfjs'],
        out: join(dir, 'after'),
        sources,
      });
      expect(result?.parity.maxAbsDifference).toBeLessThan(1e-4);
      expect(held.signals.map((signal) => signal.aborted)).toEqual([true, false]);
      sources.close();
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
