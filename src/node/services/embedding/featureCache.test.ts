import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobilenetPreprocessing } from '../../../common/preprocessing.js';
import { seededRandom } from '../../../common/random.js';
import { FeatureCache, STALE_TEMPORARY_MS, type FeatureCacheKey } from './featureCache.js';

// MobileNet V2's pooled features: 1,280 floats, 5 kB an image.
const FLOATS = 1280;
const KEY: FeatureCacheKey = {
  weights: 'c'.repeat(64),
  preprocessing: mobilenetPreprocessing(224),
  featureShape: [FLOATS],
  view: 'original',
  version: 1,
};

function features(seed: number): Float32Array {
  const random = seededRandom(seed);
  // Post-ReLU6 activations: non-negative, many exact zeros.
  return Float32Array.from({ length: FLOATS }, () => Math.max(0, random() * 8 - 2));
}

/** An image's content hash, the cache's key. */
const imageHash = (n: number) => createHash('sha256').update(`image ${n}`).digest('hex');

describe('FeatureCache', () => {
  let root: string;
  let cache: FeatureCache;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ts-feature-cache-'));
    cache = await FeatureCache.open(root, KEY, FLOATS);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('gives back exactly what was put, also to a cache opened again with the same key', async () => {
    const written = Array.from({ length: 64 }, (_, i) => features(i + 1));
    await Promise.all(written.map((values, i) => cache.put(imageHash(i), values)));
    const reopened = await FeatureCache.open(root, KEY, FLOATS);
    expect(reopened.folder).toBe(cache.folder);
    const read = await Promise.all(written.map((_, i) => reopened.get(imageHash(i))));
    expect(read).toEqual(written);
    expect(await cache.get(imageHash(999))).toBeUndefined();
  });

  it('leaves no temporary file behind', async () => {
    const hash = imageHash(100);
    await Promise.all([1, 2, 3].map((n) => cache.put(hash, features(n))));
    const names = await readdir(join(cache.folder, hash.slice(0, 2)));
    expect(names.filter((name) => !name.endsWith('.f32'))).toEqual([]);
    expect([features(1), features(2), features(3)]).toContainEqual(await cache.get(hash));
  });

  it('reads an entry a crash cut short as a miss, at any length', async () => {
    const hash = imageHash(200);
    const path = cache.entryPath(hash);
    await cache.put(hash, features(200));
    const whole = await readFile(path);
    // Empty, mid-values, exactly the values without their digest, one byte short.
    for (const length of [0, 2_000, FLOATS * 4, whole.length - 1]) {
      await writeFile(path, whole);
      await truncate(path, length);
      expect(await cache.get(hash), `cut to ${length} bytes`).toBeUndefined();
    }
  });

  it('reads a zero-filled or altered entry of the right length as a miss', async () => {
    const hash = imageHash(300);
    const path = cache.entryPath(hash);
    await cache.put(hash, features(300));
    const whole = await readFile(path);
    // What a power cut can leave after the rename: the size recorded, the data never written.
    await writeFile(path, new Uint8Array(whole.length));
    expect(await cache.get(hash)).toBeUndefined();
    const altered = Buffer.from(whole);
    altered[17] = (altered[17] ?? 0) ^ 0x40;
    await writeFile(path, altered);
    expect(await cache.get(hash)).toBeUndefined();
  });

  it('takes a new put over a damaged entry', async () => {
    const hash = imageHash(400);
    await cache.put(hash, features(1));
    await truncate(cache.entryPath(hash), 100);
    await cache.put(hash, features(400));
    expect(await cache.get(hash)).toEqual(features(400));
  });

  it('writes again after its folder was removed under it (the cache cleared mid-training)', async () => {
    const hash = imageHash(500);
    await cache.put(hash, features(5));
    await rm(join(cache.folder, hash.slice(0, 2)), { recursive: true });
    await cache.put(hash, features(500));
    expect(await cache.get(hash)).toEqual(features(500));
  });

  it('sweeps the temporary files of killed writes when it opens, not those of a live writer', async () => {
    const hash = imageHash(300);
    await cache.put(hash, features(300));
    const shard = join(cache.folder, hash.slice(0, 2));
    // A write killed halfway through an entry, and one killed while it replaced key.json.
    const whole = await readFile(cache.entryPath(hash));
    const killedEntry = join(shard, `.${hash}.f32.0badc0de.tmp`);
    const killedKey = join(cache.folder, '.key.json.deadbeef.tmp');
    await writeFile(killedEntry, whole.subarray(0, whole.length / 2));
    await writeFile(killedKey, '{"weights":');
    const killedAt = (Date.now() - STALE_TEMPORARY_MS - 60_000) / 1000;
    for (const path of [killedEntry, killedKey]) await utimes(path, killedAt, killedAt);
    // Another app instance sharing the cache is writing this entry right now.
    const live = join(shard, `.${hash}.f32.1ec0ffee.tmp`);
    await writeFile(live, whole.subarray(0, 1024));

    const reopened = await FeatureCache.open(root, KEY, FLOATS);
    expect((await readdir(shard)).filter((name) => name.endsWith('.tmp'))).toEqual([
      `.${hash}.f32.1ec0ffee.tmp`,
    ]);
    expect((await readdir(cache.folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await reopened.get(hash)).toEqual(features(300));
  });
});
