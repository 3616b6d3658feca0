import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '../../../engine/tf.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import { appFolder } from '../../adapters/platform/appHome.js';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { VectorFiles } from './vectorFiles.js';

/**
 * Where features are cached unless a job says otherwise: $TRANSFER_STUDIO_CACHE, else the app
 * home's cache folder (so $TRANSFER_STUDIO_HOME moves it with everything else).
 */
export function featureCacheRoot(env: Record<string, string | undefined> = process.env): string {
  return appFolder(env, 'cache');
}

/**
 * Features on disk, one small file per image, under a folder keyed by everything that changes
 * them: the base's weights, the preprocessing, the output shape and the view. Re-training with
 * another head, or after adding a few images, embeds only what is not there yet.
 */
export class FeatureCache {
  private constructor(
    readonly folder: string,
    private readonly entries: VectorFiles,
  ) {}

  static async open(
    root: string,
    key: FeatureCacheKey,
    floatsPerImage: number,
  ): Promise<FeatureCache> {
    const folder = join(root, cacheKeyHash(key));
    await mkdir(folder, { recursive: true });
    await sweepStaleTemporaries(folder);
    await writeFileAtomically(join(folder, 'key.json'), JSON.stringify(key, null, 2));
    return new FeatureCache(folder, new VectorFiles(folder, floatsPerImage));
  }

  /** Undefined when absent, or when the entry is not whole (see VectorFiles): then embed again. */
  get(sha256: string): Promise<Float32Array | undefined> {
    return this.entries.read(sha256);
  }

  /**
   * Not flushed: a crash or power cut may lose an entry, which only costs embedding that image
   * again, and cannot leave a wrong one (each entry carries its digest).
   */
  put(sha256: string, features: Float32Array): Promise<void> {
    return this.entries.write(sha256, features);
  }

  /** The file that holds an image's features. */
  entryPath(sha256: string): string {
    return this.entries.pathOf(sha256);
  }
}

/**
 * How old a temporary file must be before opening the cache removes it. A writer holds one only
 * while it writes a single small entry (milliseconds), so one this old was left by a write that
 * was killed; a younger one may belong to another app instance embedding into the same cache
 * right now, and is left alone.
 */
export const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** writeFileAtomically's temporary names: `.name.1a2b3c4d.tmp`. */
const TEMPORARY = /^\..+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files killed writes left in a cache folder (beside key.json) and its
 * shard folders, when older than STALE_TEMPORARY_MS; answers their paths. Best effort: a file
 * another instance removes meanwhile, or one that cannot be read, is skipped.
 */
export async function sweepStaleTemporaries(folder: string, now = Date.now()): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const shards = entries.filter((e) => e.isDirectory()).map((e) => join(folder, e.name));
  const swept: string[] = [];
  for (const dir of [folder, ...shards]) swept.push(...(await sweepFolder(dir, now)));
  return swept;
}

async function sweepFolder(dir: string, now: number): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const swept: string[] = [];
  for (const name of names.filter((n) => TEMPORARY.test(n))) {
    const path = join(dir, name);
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < STALE_TEMPORARY_MS) continue;
    await rm(path, { force: true }).then(
      () => swept.push(path),
      () => undefined,
    );
  }
  return swept;
}

export interface FeatureCacheKey {
  /** SHA-256 over the base's weights (names, shapes and values). */
  weights: string;
  preprocessing: Preprocessing;
  featureShape: number[];
  /** "original" or an augmentation view's id. */
  view: string;
  version: 1;
}

function cacheKeyHash(key: FeatureCacheKey): string {
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
}

/** Identifies a model's weights: equal fingerprints, equal features. */
export function weightsFingerprint(model: tf.LayersModel): string {
  const hash = createHash('sha256');
  for (const weight of model.weights) {
    hash.update(`${weight.originalName}:${weight.shape.join('x')};`);
    const values = weight.read().dataSync() as Float32Array;
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}
