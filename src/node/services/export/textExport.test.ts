import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import { handlerPair } from '../../testing/handlerPair.js';
import { TextSession } from '../text/textSession.js';
import { writeTestTextModel } from '../../testing/textModels.js';
import { exportModel } from './exportModel.js';
import { folderFetch } from './textLoaderParity.js';
import { SAMPLE_TEXTS } from './textProbe.js';
import { runOnnx } from './imageExport.js';

/** Texts the model never saw, of the kinds a page is handed. */
const UNSEEN = [
  'Whisk the cream until it holds soft peaks.',
  'The midfielder was booked for a late tackle.',
  'Heavy showers are expected along the coast tomorrow.',
  '',
  '¿Dónde está la estación? 日本語 😀',
  'a '.repeat(400),
];

describe('exporting a text model', () => {
  let dir: string;
  let modelDir: string;
  const session = new TextSession({});

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'ts-text-export-'));
    modelDir = await writeTestTextModel(dir, 'model', (await session.encoder()).encoder, {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 15 },
      validationSplit: 0.25,
    });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    'writes a web folder and the head as ONNX, each checked against the app on its validation texts',
    {
      timeout: 120_000,
    },
    async () => {
      const out = join(dir, 'export');
      const results = await exportModel(modelDir, { formats: ['tfjs', 'onnx'], out });
      expect(results.map((r) => r.format)).toEqual(['tfjs', 'onnx']);
      for (const { parity } of results) {
        expect(parity.inputs).toBe('validation texts');
        expect(parity.count).toBeGreaterThanOrEqual(6);
        expect(parity.agreement).toBe(1);
        expect(parity.maxAbsDifference).toBeLessThan(1e-4);
      }
      const web = join(out, 'tfjs');
      expect(await readdir(web)).toEqual(
        expect.arrayContaining(['classifier.json', 'textClassifier.js', 'example.html', 'encoder']),
      );
      expect((await readdir(join(web, 'encoder'))).sort()).toEqual(
        expect.arrayContaining(['LICENSE', 'model.json', 'vocab.json', 'group1-shard7of7']),
      );
      const card = await readFile(join(web, 'README.md'), 'utf8');
      expect(card).toMatch(/loadTextClassifier/);
      expect(card).toMatch(/through its own `textClassifier\.js`/);
      expect(await readFile(join(out, 'onnx', 'README.md'), 'utf8')).toMatch(/float32 \[n, 512\]/);
    },
  );

  it(
    "the exported textClassifier.js, loaded from its folder, gives the app's probabilities on new texts",
    {
      timeout: 120_000,
    },
    async () => {
      const out = join(dir, 'again');
      await exportModel(modelDir, { formats: ['tfjs'], out });
      const loader = await import(pathToFileURL(join(out, 'textClassifier.js')).href);
      const classifier = await loader.loadTextClassifier({
        tf,
        url: 'http://export.transfer-studio.invalid/',
        fetch: folderFetch(out),
      });
      try {
        const app = await session.predict(modelDir, UNSEEN);
        for (const [i, text] of UNSEEN.entries()) {
          const ranked = (await classifier.classify(text)) as {
            label: string;
            probability: number;
          }[];
          expect(ranked.map((r) => r.label)).toEqual(app[i]?.probabilities.map((p) => p.class));
          for (const { label, probability } of ranked) {
            const ours = app[i]?.probabilities.find((p) => p.class === label)?.probability;
            expect(Math.abs(probability - (ours ?? NaN))).toBeLessThan(1e-4);
          }
        }
      } finally {
        classifier.dispose();
      }
    },
  );

  it(
    'the exported loader takes its folder URL without the final slash, and says when fetch is missing',
    { timeout: 120_000 },
    async () => {
      await exportModel(modelDir, { formats: ['tfjs'], out: join(dir, 'served', 'news') });
      const loader = await import(
        pathToFileURL(join(dir, 'served', 'news', 'textClassifier.js')).href
      );
      // Served from a sub-folder, named as a user types it: no trailing slash.
      const classifier = await loader.loadTextClassifier({
        tf,
        url: 'http://export.transfer-studio.invalid/news',
        fetch: folderFetch(join(dir, 'served')),
      });
      try {
        const [app] = await session.predict(modelDir, [UNSEEN[0] ?? '']);
        const ranked = (await classifier.classify(UNSEEN[0])) as { label: string }[];
        expect(ranked.map((r) => r.label)).toEqual(app?.probabilities.map((p) => p.class));
      } finally {
        classifier.dispose();
      }
      const globalFetch = globalThis.fetch;
      Reflect.deleteProperty(globalThis, 'fetch');
      try {
        await expect(
          loader.loadTextClassifier({ tf, url: 'http://export.transfer-studio.invalid/news' }),
        ).rejects.toThrow(/reads its files with fetch.*loadTextClassifier\(\{ fetch \}\)/);
      } finally {
        globalThis.fetch = globalFetch;
      }
    },
  );

  it(
    'checks a model that did not record its validation texts on sample texts',
    {
      timeout: 120_000,
    },
    async () => {
      const bare = join(dir, 'bare');
      await cp(modelDir, bare, { recursive: true });
      await rm(join(bare, 'validation.json'));
      const [result] = await exportModel(bare, { formats: ['onnx'], out: join(dir, 'bare-onnx') });
      expect(result?.parity).toMatchObject({ inputs: 'sample texts', count: SAMPLE_TEXTS.length });
      // The head alone: 512-d embeddings in, the app's probabilities out.
      const { encoder } = await session.encoder();
      const embeddings = await encoder.encoder.embed(['The striker scored a late goal.']);
      const { data } = await runOnnx(join(dir, 'bare-onnx', 'model.onnx'), embeddings, [1, 512]);
      const [app] = await session.predict(bare, ['The striker scored a late goal.']);
      const classes = await session.withModel(bare, async (model) => model.metadata.classes);
      for (const [c, name] of classes.entries()) {
        const expected = app?.probabilities.find((p) => p.class === name)?.probability ?? NaN;
        expect(Math.abs((data[c] ?? NaN) - expected)).toBeLessThan(1e-4);
      }
    },
  );

  it(
    "answers the app's model.export, one format per request as the Export screen asks",
    {
      timeout: 120_000,
    },
    async () => {
      const pair = handlerPair({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
      try {
        for (const format of ['tfjs', 'onnx'] as const) {
          const [result] = await pair.rpc.call('model.export', {
            modelDir,
            formats: [format],
            out: join(dir, 'app', format),
          });
          expect(result).toMatchObject({
            format,
            parity: { inputs: 'validation texts', agreement: 1 },
          });
          expect(result?.modelCard).toMatch(/^# Text classifier: cooking, football, weather/);
        }
        await expect(
          pair.rpc.call('model.export', {
            modelDir,
            formats: ['keras'],
            out: join(dir, 'app', 'k'),
          }),
        ).rejects.toMatchObject({ code: 'UNSUPPORTED' });
      } finally {
        pair.close();
      }
    },
  );

  it(
    'exports through the app with the encoder the app holds, keeping no second copy loaded',
    { timeout: 120_000 },
    async () => {
      const pair = handlerPair({ TRANSFER_STUDIO_HOME: join(dir, 'home-shared') });
      try {
        const empty = tf.memory().numBytes;
        await pair.rpc.call('model.predictText', { modelDir, texts: ['Rain all afternoon.'] });
        const encoderBytes = tf.memory().numBytes - empty;
        const before = tf.memory().numBytes;
        const [result] = await pair.rpc.call('model.export', {
          modelDir,
          formats: ['tfjs'],
          out: join(dir, 'shared-encoder'),
        });
        expect(result?.parity).toMatchObject({ agreement: 1 });
        // The source stays loaded for the next format's request: the head only, not an encoder.
        expect(tf.memory().numBytes - before).toBeLessThan(encoderBytes / 20);
      } finally {
        pair.close();
      }
    },
  );

  it('refuses Keras for a text model before any work, naming the formats it has', async () => {
    const out = join(dir, 'keras');
    await expect(exportModel(modelDir, { formats: ['tfjs', 'keras'], out })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/tfjs .*onnx/),
    });
    expect(await readdir(dir)).not.toContain('keras');
  });

  it(
    'refuses a web folder whose head does not give the app’s answers, leaving nothing',
    {
      timeout: 120_000,
    },
    async () => {
      const damaging: FileOps = {
        ...realFileOps,
        writeFile: (path, data) =>
          realFileOps.writeFile(
            path,
            path.endsWith(join('head', 'group1-shard1of1.bin')) && typeof data !== 'string'
              ? scrambled(data)
              : data,
          ),
      };
      await expect(
        exportModel(modelDir, { formats: ['tfjs'], out: join(dir, 'damaged'), ops: damaging }),
      ).rejects.toMatchObject({ code: 'PARITY_MISMATCH' });
      expect((await readdir(dir)).filter((name) => name.includes('damaged'))).toEqual([]);
    },
  );
});

/** The head's weights in reverse order: same size, other answers. */
function scrambled(data: Uint8Array): Uint8Array {
  const floats = new Float32Array(data.slice().buffer);
  floats.reverse();
  return new Uint8Array(floats.buffer);
}
