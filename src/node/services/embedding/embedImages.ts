import { scalePixels, type Preprocessing } from '../../../common/preprocessing.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { forEachBounded } from '../../adapters/platform/concurrency.js';
import { decodeForModel, type RgbImage } from '../../adapters/image/decode.js';
import type { Embedder } from './embedder.js';
import type { FeatureCache } from './featureCache.js';

export interface EmbedItem {
  /** Content hash: the cache key, and equal images are embedded once. */
  sha256: string;
  read(): Promise<Uint8Array>;
}

export interface EmbedProgress {
  done: number;
  total: number;
  cached: number;
  /** Rate of the images actually embedded (not read from the cache). */
  imagesPerSecond: number;
}

export interface EmbedOptions {
  preprocessing: Preprocessing;
  embedder: Embedder;
  cache?: FeatureCache | undefined;
  /** Images per inference. Default 32. */
  batchSize?: number;
  /** Images decoded at once. Default 4: decoding overlaps inference, and more in flight kept both busy (measured). */
  decodeConcurrency?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (progress: EmbedProgress) => void;
  /** Alters each decoded, model-sized image before scaling (augmented views). */
  transform?: ((image: RgbImage, index: number) => Promise<RgbImage>) | undefined;
}

/**
 * Features of every item, row-major. Cached features are read, the rest decoded and embedded in
 * batches; the next batch starts decoding before the current one runs through the base.
 * onnxruntime-node runs a batch synchronously on the JavaScript thread, so meanwhile only the
 * decodes already handed to sharp go on. Handing it a whole batch first (to overlap fully) was
 * measured slower on 2 cores: ORT's threads, which wait for each other, then lose turns to the
 * decoders (scripts/bench-pipeline.js, README).
 */
export async function embedImages(
  items: readonly EmbedItem[],
  options: EmbedOptions,
): Promise<Float32Array> {
  const size = options.embedder.featureShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(items.length * size);
  const missing = await fillFromCache(items, out, size, options);
  const cached = items.length - missing.length;
  const batchSize = options.batchSize ?? 32;
  const batches = chunk(missing, batchSize);
  const started = performance.now();
  let embedded = 0;
  options.onProgress?.({ done: cached, total: items.length, cached, imagesPerSecond: 0 });
  const writes: Promise<void>[] = [];
  let next = batches[0] ? quiet(decodeBatch(items, batches[0], options)) : undefined;
  for (let b = 0; b < batches.length; b++) {
    throwIfAborted(options.signal);
    const indices = batches[b] ?? [];
    const pixels = await (next as Promise<Float32Array>);
    next = batches[b + 1] ? quiet(decodeBatch(items, batches[b + 1] ?? [], options)) : undefined;
    const features = await options.embedder.embed(pixels, indices.length);
    indices.forEach((index, row) => {
      const slice = features.subarray(row * size, (row + 1) * size);
      out.set(slice, index * size);
      // Cache writes run beside the next batches instead of holding them up.
      if (options.cache)
        writes.push(quiet(options.cache.put(items[index]?.sha256 ?? '', slice.slice())));
    });
    embedded += indices.length;
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({
      done: cached + embedded,
      total: items.length,
      cached,
      imagesPerSecond: embedded / seconds,
    });
  }
  await Promise.all(writes);
  return out;
}

/** Copies cached features in place; returns the indices still to embed (one per distinct image). */
async function fillFromCache(
  items: readonly EmbedItem[],
  out: Float32Array,
  size: number,
  options: EmbedOptions,
): Promise<number[]> {
  const missing: number[] = [];
  await forEachBounded(items.entries(), 8, async ([index, item]) => {
    const features = await options.cache?.get(item.sha256);
    if (features) out.set(features, index * size);
    else missing.push(index);
  });
  return missing.sort((a, b) => a - b);
}

async function decodeBatch(
  items: readonly EmbedItem[],
  indices: number[],
  options: EmbedOptions,
): Promise<Float32Array> {
  const { preprocessing } = options;
  const perImage = preprocessing.width * preprocessing.height * 3;
  const batch = new Float32Array(indices.length * perImage);
  await forEachBounded(indices.entries(), options.decodeConcurrency ?? 4, async ([row, index]) => {
    const item = items[index];
    if (!item) return;
    const decoded = await decodeForModel(await item.read(), preprocessing);
    const image = options.transform ? await options.transform(decoded, index) : decoded;
    scalePixels(image.data, preprocessing, batch.subarray(row * perImage, (row + 1) * perImage));
  });
  return batch;
}

/** A look-ahead decode that may be abandoned (cancel, error) must not become an unhandled rejection. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}
