import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { buildResNet50 } from '../../../engine/catalog/resnet50.js';
import { buildVgg16 } from '../../../engine/catalog/vgg16.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { exportModel } from './exportModel.js';
import { loadKerasFile } from './kerasFile.js';
import { readFloat32Npy } from './npy.js';

const SIZE = 32;
const CLASSES = ['a', 'b', 'c'];

function modelDir(dir: string, name: string, build: () => tf.LayersModel): Promise<string> {
  return writeTestTrainedModel(dir, name, build, { size: SIZE, classes: CLASSES });
}

describe('exportModel', () => {
  let dir: string;

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'ts-export-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['MobileNet V2', () => buildMobileNetV2(0.35, SIZE)],
    ['MobileNet V1', () => buildMobileNetV1(0.25, SIZE)],
    ['VGG16', () => buildVgg16(SIZE)],
    ['ResNet50', () => buildResNet50(SIZE)],
  ])(
    '%s: TF.js, ONNX and Keras exports re-load and predict what the app predicts',
    { timeout: 120_000 },
    async (name, build) => {
      const source = await modelDir(dir, `model-${name}`, build);
      const out = join(dir, `export-${name}`);
      const results = await exportModel(source, { formats: ['tfjs', 'onnx', 'keras'], out });
      expect(results.map((r) => r.format)).toEqual(['tfjs', 'onnx', 'keras']);
      for (const r of results) {
        expect(r.parity.agreement).toBeGreaterThanOrEqual(0.999);
        expect(r.parity.maxAbsDifference).toBeLessThan(1e-4);
        expect(r.parity).toMatchObject({ count: 16, inputs: 'random images' });
      }
      expect((await readdir(join(out, 'tfjs'))).sort()).toEqual(
        expect.arrayContaining([
          'README.md',
          'labels.txt',
          'metadata.json',
          'model.json',
          'transfer-studio.json',
        ]),
      );
      const teachable = JSON.parse(await readFile(join(out, 'tfjs', 'metadata.json'), 'utf8'));
      expect(teachable).toMatchObject({
        labels: CLASSES,
        imageSize: SIZE,
        packageName: '@teachablemachine/image',
      });
      expect(await readFile(join(out, 'onnx', 'README.md'), 'utf8')).toMatch(/onnxruntime/);
      expect(await readFile(join(out, 'keras', 'README.md'), 'utf8')).toMatch(/load_model/);
      const expected = readFloat32Npy(await readFile(join(out, 'keras', 'verify-expected.npy')));
      const inputs = readFloat32Npy(await readFile(join(out, 'keras', 'verify-inputs.npy')));
      expect(expected.shape).toEqual([4, CLASSES.length]);
      expect(inputs.shape).toEqual([4, SIZE, SIZE, 3]);
      const keras = await loadKerasFile(join(out, 'keras', 'model.keras'));
      const again = tf.tidy(() =>
        (keras.predict(tf.tensor(inputs.data, inputs.shape)) as tf.Tensor).dataSync(),
      );
      keras.dispose();
      for (const [i, p] of expected.data.entries()) expect(again[i]).toBeCloseTo(p, 5);
    },
  );

  it('refuses an export that does not predict what the app predicts, leaving nothing behind', async () => {
    const source = await modelDir(dir, 'model-tamper', () => buildMobileNetV2(0.35, SIZE));
    // Damage the written ONNX weights the way a bad writer or a flaky disk would.
    const tampering: FileOps = {
      ...realFileOps,
      writeFile: (path, data) =>
        realFileOps.writeFile(
          path,
          path.endsWith('model.onnx') && typeof data !== 'string' ? damage(data) : data,
        ),
    };
    await expect(
      exportModel(source, { formats: ['onnx'], out: join(dir, 'tampered'), ops: tampering }),
    ).rejects.toMatchObject({ code: 'PARITY_MISMATCH' });
    expect((await readdir(dir)).filter((name) => name.includes('tampered'))).toEqual([]);
  });

  it('leaves no partial output when the disk is full, and never overwrites without being asked', async () => {
    const source = await modelDir(dir, 'model-enospc', () => buildMobileNetV2(0.35, SIZE));
    const full: FileOps = {
      ...realFileOps,
      writeFile: async (path, data) =>
        path.endsWith('.bin')
          ? Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }))
          : realFileOps.writeFile(path, data),
    };
    await expect(
      exportModel(source, { formats: ['tfjs'], out: join(dir, 'full'), ops: full }),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect((await readdir(dir)).filter((name) => name.includes('full'))).toEqual([]);

    await exportModel(source, { formats: ['tfjs'], out: join(dir, 'once') });
    await expect(
      exportModel(source, { formats: ['tfjs'], out: join(dir, 'once') }),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await exportModel(source, { formats: ['tfjs'], out: join(dir, 'once'), overwrite: true });
  });
});

/** Overwrites a stretch in the middle of the file (convolution weights) with large values. */
function damage(data: Uint8Array): Uint8Array {
  const copy = data.slice();
  const view = new DataView(copy.buffer);
  const start = Math.floor(copy.length * 0.6) & ~3;
  for (let offset = start; offset < start + 2000; offset += 4) view.setFloat32(offset, 3.5, true);
  return copy;
}

describe('a TF.js export served over HTTP', () => {
  it(
    'loads with plain tf.loadLayersModel from a URL, as a web page would load it',
    { timeout: 60_000 },
    async () => {
      expect(await tf.setBackend('wasm')).toBe(true);
      const { createServer } = await import('node:http');
      const dir = await mkdtemp(join(tmpdir(), 'ts-export-http-'));
      try {
        const source = await modelDir(dir, 'model', () => buildMobileNetV2(0.35, SIZE));
        await exportModel(source, { formats: ['tfjs'], out: join(dir, 'web') });
        const server = createServer(async (request, response) => {
          const name = (request.url ?? '/').slice(1);
          if (!/^[\w.-]+$/.test(name)) return response.writeHead(404).end();
          try {
            response.writeHead(200).end(await readFile(join(dir, 'web', name)));
          } catch {
            response.writeHead(404).end();
          }
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as { port: number }).port;
        try {
          const model = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
          const probabilities = tf.tidy(() =>
            (model.predict(tf.zeros([1, SIZE, SIZE, 3])) as tf.Tensor).dataSync(),
          );
          expect(probabilities).toHaveLength(CLASSES.length);
          expect(Array.from(probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          model.dispose();
        } finally {
          await new Promise((resolve) => server.close(resolve));
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
