import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STALE_TEMPORARY_MS } from '../embedding/featureCache.js';
import { TextEmbeddingCache, textHash, type TextEmbeddingCacheKey } from './textEmbeddingCache.js';

const KEY: TextEmbeddingCacheKey = {
  modality: 'text',
  encoder: 'test-encoder',
  weights: 'a'.repeat(64),
  maxTokens: 512,
  reading: { windowPieces: 64, maxWindows: 8 },
  embeddingSize: 4,
  version: 2,
};

describe('the text embedding cache', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ts-text-cache-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('sweeps the temporaries a killed run left when it opens, not those of a live writer', async () => {
    const cache = await TextEmbeddingCache.open(root, KEY);
    const hash = textHash('a note about bread');
    const embedding = Float32Array.from([0.5, 0.5, 0.5, 0.5]);
    await cache.put(hash, embedding);
    const shard = join(cache.folder, hash.slice(0, 2));
    const killed = join(shard, `.${hash}.f32.0badc0de.tmp`);
    const live = join(shard, `.${hash}.f32.1ec0ffee.tmp`);
    await writeFile(killed, new Uint8Array(8));
    const killedAt = (Date.now() - STALE_TEMPORARY_MS - 60_000) / 1000;
    await utimes(killed, killedAt, killedAt);
    await writeFile(live, new Uint8Array(8));

    const reopened = await TextEmbeddingCache.open(root, KEY);
    const temporaries = (await readdir(shard)).filter((name) => name.endsWith('.tmp'));
    expect(temporaries).toEqual([`.${hash}.f32.1ec0ffee.tmp`]);
    expect(await reopened.get(hash)).toEqual(embedding);
  });
});
