import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PackManifest } from '../../../common/modelPack.js';
import { AppError } from '../../../common/errors.js';
import { catalogEntry, type CatalogEntry } from '../../../engine/catalog/catalog.js';
import { loadKerasBase } from './loadKerasBase.js';
import { writeLayersModel } from './writeLayersModel.js';

/** Where keras.applications publishes its weights (what keras.utils.get_file downloads). */
export const KERAS_WEIGHTS_BASE_URL =
  'https://storage.googleapis.com/tensorflow/keras-applications/';

/** MD5 sums keras.applications itself checks these files against. */
export const KERAS_MD5: Record<string, string> = {
  'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5': '6d6bbae143d832006294945121d1f1fc',
  'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5': '4d473c1dd8becc155b73f8504c6f6626',
};

/** Fetched when no ids are named: the default base, a larger MobileNet, VGG16 and ResNet50. */
export const DEFAULT_FETCH_IDS = [
  'mobilenet_v2_0.35_224',
  'mobilenet_v2_1_224',
  'vgg16_224',
  'resnet50_224',
];

const FOLDER_OF_FAMILY: Record<CatalogEntry['family'], string> = {
  mobilenet_v1: 'mobilenet',
  mobilenet_v2: 'mobilenet_v2',
  vgg16: 'vgg16',
  resnet50: 'resnet',
};

export type FetchSource = { kind: 'url'; baseUrl: string } | { kind: 'dir'; dir: string };

export interface FetchOptions {
  source: FetchSource;
  store: string;
  /** Override of the expected MD5 sums (tests). */
  md5?: Record<string, string>;
  onProgress?: (id: string, bytes: number, total: number | undefined) => void;
}

export interface FetchResult {
  id: string;
  status: 'installed' | 'already-installed' | 'failed';
  path: string;
  bytes?: number;
  sha256?: string;
  problem?: string;
}

/** Path of a weights file below the base URL, as keras.applications lays them out. */
export function kerasWeightsPath(entry: CatalogEntry): string {
  return `${FOLDER_OF_FAMILY[entry.family]}/${entry.kerasWeightsFile}`;
}

/**
 * Fetches keras.applications weights (from the public URLs while online, or from a mirror folder
 * or USB stick), checks their size and checksums, and installs each as a model pack in the store.
 * A failure leaves nothing behind; checksums of first fetches are recorded in the store so later
 * copies from other sources are verified against them.
 */
export async function fetchModels(
  ids: readonly string[],
  options: FetchOptions,
): Promise<FetchResult[]> {
  await mkdir(options.store, { recursive: true });
  const results: FetchResult[] = [];
  for (const id of ids) results.push(await fetchOne(catalogEntry(id), options));
  return results;
}

async function fetchOne(entry: CatalogEntry, options: FetchOptions): Promise<FetchResult> {
  const target = join(options.store, entry.id);
  if (existsSync(join(target, 'manifest.json')))
    return { id: entry.id, status: 'already-installed', path: target };
  const temporary = join(
    options.store,
    `.download-${randomBytes(4).toString('hex')}-${entry.kerasWeightsFile}`,
  );
  try {
    const { bytes, sha256, md5, origin } = await obtain(entry, options, temporary);
    await verifyChecksums(entry.kerasWeightsFile, { sha256, md5 }, options);
    const base = await loadKerasBase(temporary);
    const manifest: PackManifest = {
      format: 'transfer-studio-model-pack',
      version: 1,
      architecture: entry.id,
      name: entry.displayName,
      source: origin,
      license: 'Keras Applications weights (Apache-2.0)',
      sourceSha256: sha256,
    };
    try {
      await writeLayersModel(base.model, target, {
        extraFiles: { 'manifest.json': JSON.stringify(manifest, null, 2) },
      });
    } finally {
      base.model.dispose();
    }
    await recordChecksum(options.store, entry.kerasWeightsFile, sha256);
    return { id: entry.id, status: 'installed', path: target, bytes, sha256 };
  } catch (error) {
    return { id: entry.id, status: 'failed', path: target, problem: (error as Error).message };
  } finally {
    await rm(temporary, { force: true });
  }
}

interface Obtained {
  bytes: number;
  sha256: string;
  md5: string;
  origin: string;
}

async function obtain(
  entry: CatalogEntry,
  options: FetchOptions,
  destination: string,
): Promise<Obtained> {
  const hashes = hashingStream();
  const progress = (bytes: number, total: number | undefined) =>
    options.onProgress?.(entry.id, bytes, total);
  if (options.source.kind === 'dir') {
    const path = localCopy(options.source.dir, entry);
    const total = (await stat(path)).size;
    await pipeline(
      createReadStream(path),
      hashes.stream(progress, total),
      createWriteStream(destination),
    );
    return { ...hashes.result(), origin: path };
  }
  const url = new URL(kerasWeightsPath(entry), options.source.baseUrl).toString();
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok || !response.body)
    throw new AppError('NOT_FOUND', `${url} answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(declared) ? declared : undefined;
  await pipeline(
    Readable.fromWeb(response.body as never),
    hashes.stream(progress, total),
    createWriteStream(destination),
  );
  const result = hashes.result();
  if (total !== undefined && result.bytes !== total) {
    throw new AppError('INVALID_ARGUMENT', `${url}: received ${result.bytes} of ${total} bytes`);
  }
  return { ...result, origin: url };
}

/** A mirror may hold the file flat or in keras.applications' folder layout. */
function localCopy(dir: string, entry: CatalogEntry): string {
  for (const candidate of [join(dir, entry.kerasWeightsFile), join(dir, kerasWeightsPath(entry))]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new AppError('NOT_FOUND', `${entry.kerasWeightsFile} is not in ${dir}`);
}

function hashingStream(): {
  stream: (
    progress: (bytes: number, total: number | undefined) => void,
    total: number | undefined,
  ) => Transform;
  result: () => Omit<Obtained, 'origin'>;
} {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let bytes = 0;
  return {
    stream: (progress, total) =>
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sha256.update(chunk);
          md5.update(chunk);
          bytes += chunk.length;
          progress(bytes, total);
          done(null, chunk);
        },
      }),
    result: () => ({ bytes, sha256: sha256.digest('hex'), md5: md5.digest('hex') }),
  };
}

const CHECKSUMS_FILE = 'checksums.json';

async function readChecksums(store: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(join(store, CHECKSUMS_FILE), 'utf8')) as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}

async function verifyChecksums(
  file: string,
  actual: { sha256: string; md5: string },
  options: FetchOptions,
): Promise<void> {
  const md5 = (options.md5 ?? KERAS_MD5)[file];
  if (md5 !== undefined && md5 !== actual.md5) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${file}: checksum mismatch (MD5 ${actual.md5}, Keras publishes ${md5})`,
    );
  }
  const recorded = (await readChecksums(options.store))[file];
  if (recorded !== undefined && recorded !== actual.sha256) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${file}: checksum mismatch (SHA-256 ${actual.sha256}, first fetched as ${recorded})`,
    );
  }
}

async function recordChecksum(store: string, file: string, sha256: string): Promise<void> {
  const checksums = await readChecksums(store);
  checksums[file] = sha256;
  await writeFile(join(store, CHECKSUMS_FILE), `${JSON.stringify(checksums, null, 2)}\n`);
}
