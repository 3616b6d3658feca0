import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import type { UseLiteEncoder } from '../../../engine/text/useLiteEncoder.js';
import { TOPIC_TEXTS } from '../../testing/textModels.js';
import { embedTexts, type TextEmbedProgress } from './embedTexts.js';
import { loadTextEncoder, type LoadedTextEncoder } from './loadTextEncoder.js';
import { TextEmbeddingCache, textHash, type TextEmbeddingCacheKey } from './textEmbeddingCache.js';

const TEXTS = [
  'Great product, arrived on time.',
  'Broken on arrival and support never answered.',
  'Great product, arrived on time.',
  'ok',
  'Limited offer!!! Claim your prize at http://example.com before midnight',
  'The meeting moved to Thursday at 3pm; agenda attached.',
  'ok',
];

/** 96 distinct short texts: 12 batches of 8. */
const CORPUS = Object.values(TOPIC_TEXTS)
  .flat()
  .flatMap((text, i) => Array.from({ length: 6 }, (_, k) => `${text} Note ${i * 6 + k}.`))
  .slice(0, 96);

/** The encoder, counting its inference calls. */
function countingEncoder(encoder: UseLiteEncoder): {
  encoder: UseLiteEncoder;
  calls: () => number;
} {
  let calls = 0;
  const counted = Object.create(encoder) as UseLiteEncoder;
  counted.embedIds = (idLists) => {
    calls++;
    return encoder.embedIds(idLists);
  };
  return { encoder: counted, calls: () => calls };
}

/** Cache entries on disk (finished writes only: a write in flight has a hidden .tmp name). */
function entriesOnDisk(cache: TextEmbeddingCache): number {
  const names = readdirSync(cache.folder, { recursive: true }) as string[];
  return names.filter((name) => name.endsWith('.f32')).length;
}

describe('embedTexts with the text embedding cache', () => {
  let loaded: LoadedTextEncoder;
  let root: string;
  let key: TextEmbeddingCacheKey;

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    loaded = await loadTextEncoder(USE_LITE_ID);
    root = await mkdtemp(join(tmpdir(), 'text-cache-'));
    key = {
      modality: 'text',
      encoder: USE_LITE_ID,
      weights: loaded.fingerprint,
      maxTokens: loaded.summary.maxTokens,
      reading: loaded.encoder.info.reading,
      embeddingSize: 512,
      version: 2,
    };
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('embeds each distinct text once, reports progress, and a second run embeds nothing', async () => {
    const cache = await TextEmbeddingCache.open(root, key);
    const progress: TextEmbedProgress[] = [];
    const first = await embedTexts(TEXTS, {
      encoder: loaded.encoder,
      cache,
      batchSize: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(first.embedded).toBe(new Set(TEXTS).size);
    expect(first.cached).toBe(0);
    expect(progress.at(-1)).toMatchObject({
      done: TEXTS.length,
      total: TEXTS.length,
      etaSeconds: 0,
    });
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    );
    expect(progress.slice(1).every((p) => p.textsPerSecond > 0)).toBe(true);
    // Equal texts share one embedding.
    expect(first.embeddings.subarray(0, 512)).toEqual(first.embeddings.subarray(1024, 1536));

    const reopened = await TextEmbeddingCache.open(root, key);
    const second = await embedTexts(TEXTS, { encoder: loaded.encoder, cache: reopened });
    expect(second.embedded).toBe(0);
    expect(second.cached).toBe(TEXTS.length);
    expect(second.embeddings).toEqual(first.embeddings);
  });

  it('keeps another encoder setting in another folder', async () => {
    const a = await TextEmbeddingCache.open(root, key);
    const others = [
      { ...key, maxTokens: 64 },
      { ...key, reading: { ...key.reading, windowPieces: key.reading.windowPieces * 2 } },
      { ...key, reading: { ...key.reading, maxWindows: 1 } },
    ];
    for (const other of others) {
      const b = await TextEmbeddingCache.open(root, other);
      expect(b.folder).not.toBe(a.folder);
      expect(await b.get(textHash(TEXTS[0] as string))).toBeUndefined();
    }
  });

  it('embeds again an entry that was damaged on disk', async () => {
    const cache = await TextEmbeddingCache.open(root, key);
    const hash = textHash('ok');
    const [shard] = (await readdir(cache.folder)).filter((name) => name === hash.slice(0, 2));
    await writeFile(join(cache.folder, shard as string, `${hash}.f32`), new Uint8Array(100));
    const result = await embedTexts(['ok', TEXTS[0] as string], { encoder: loaded.encoder, cache });
    expect(result.embedded).toBe(1);
    expect(result.cached).toBe(1);
    expect((await cache.get(hash))?.length).toBe(512);
  });

  it('answers a cancel that arrives during the run before the next batch', async () => {
    const { encoder, calls } = countingEncoder(loaded.encoder);
    const controller = new AbortController();
    let scheduled = false;
    let callsAtAbort = -1;
    const run = embedTexts(CORPUS, {
      encoder,
      batchSize: 8,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 0 || scheduled) return;
        scheduled = true;
        // As a cancel message does, the abort arrives through the event loop.
        setImmediate(() => {
          callsAtAbort = calls();
          controller.abort();
        });
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(callsAtAbort).toBe(1);
    expect(calls()).toBe(callsAtAbort);
  });

  it('has the texts of earlier batches in the cache while the run goes on', async () => {
    const cache = await TextEmbeddingCache.open(await mkdtemp(join(root, 'during-')), key);
    const seen: Array<{ done: number; onDisk: number }> = [];
    await embedTexts(CORPUS, {
      encoder: loaded.encoder,
      cache,
      batchSize: 8,
      onProgress: ({ done }) => seen.push({ done, onDisk: entriesOnDisk(cache) }),
    });
    expect(seen).toHaveLength(CORPUS.length / 8 + 1);
    // A kill at any report keeps every text reported done one batch earlier.
    for (const [i, report] of seen.entries()) {
      expect(report.onDisk).toBeGreaterThanOrEqual(seen[i - 1]?.done ?? 0);
    }
    expect(entriesOnDisk(cache)).toBe(CORPUS.length);
  });

  it('counts texts longer than the encoder reads', async () => {
    const long = 'a long email body with many words '.repeat(100);
    const result = await embedTexts([long, 'short'], { encoder: loaded.encoder });
    expect(result.truncated).toBe(1);
  });

  it('embeds long texts beside short ones as the encoder embeds each alone', async () => {
    const paragraph = 'Your invoice for November is attached. Payment is due within 30 days. ';
    const texts = [paragraph.repeat(12), 'ok', `${paragraph.repeat(3)}\n\nRegards,\nAccounts`];
    expect(loaded.encoder.tokenize(texts[0] as string).windows.length).toBeGreaterThan(2);
    const together = await embedTexts(texts, { encoder: loaded.encoder, batchSize: 3 });
    for (const [i, text] of texts.entries()) {
      const alone = await loaded.encoder.embed([text]);
      const row = together.embeddings.subarray(i * 512, (i + 1) * 512);
      const worst = alone.reduce((max, v, k) => Math.max(max, Math.abs(v - (row[k] as number))), 0);
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('finishes long texts one after another, so progress moves before the end', async () => {
    const texts = [
      'Your invoice for November is attached. Payment is due within 30 days. '.repeat(14),
      'ok',
      'The team meeting moves to Thursday; bring the release notes. '.repeat(12),
    ];
    const progress: TextEmbedProgress[] = [];
    await embedTexts(texts, {
      encoder: loaded.encoder,
      batchSize: 2,
      onProgress: (p) => progress.push(p),
    });
    const done = progress.map((p) => p.done);
    expect(done.at(-1)).toBe(3);
    // The short text, then one long text, then the other: never all at the end.
    expect(done).toContain(1);
    expect(done).toContain(2);
  });
});
