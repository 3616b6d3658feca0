import type { UseLiteEncoder } from '../../../engine/text/useLiteEncoder.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { forEachBounded } from '../../adapters/platform/concurrency.js';
import { textHash, type TextEmbeddingCache } from './textEmbeddingCache.js';

export interface TextEmbedProgress {
  done: number;
  total: number;
  cached: number;
  /** Rate of the texts actually embedded (not read from the cache). */
  textsPerSecond: number;
  /** Seconds left at that rate; undefined before the first batch. */
  etaSeconds: number | undefined;
}

export interface EmbedTextsOptions {
  encoder: UseLiteEncoder;
  cache?: TextEmbeddingCache | undefined;
  /** Texts per inference. Default 32. */
  batchSize?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (progress: TextEmbedProgress) => void;
}

export interface EmbeddedTexts {
  /** `embeddingSize` floats per text, in the order given. */
  embeddings: Float32Array;
  cached: number;
  /** Distinct texts run through the encoder. */
  embedded: number;
  /** Texts longer than the encoder reads (their tail was cut). */
  truncated: number;
}

/**
 * Embeddings of every text. Cached ones are read; the rest, each distinct text once, are batched
 * by length so short texts do not pay for a long one's padding.
 */
export async function embedTexts(
  texts: readonly string[],
  options: EmbedTextsOptions,
): Promise<EmbeddedTexts> {
  const size = options.encoder.embeddingSize;
  const out = new Float32Array(texts.length * size);
  const hashes = texts.map(textHash);
  const missing = await fillFromCache(hashes, out, size, options.cache);
  const cached = texts.length - [...missing.values()].reduce((n, rows) => n + rows.length, 0);
  const pending = [...missing.entries()].map(([hash, rows]) => {
    const tokenized = options.encoder.tokenize(texts[rows[0] as number] as string);
    return { hash, rows, ids: tokenized.ids, truncated: tokenized.droppedPieces > 0 };
  });
  // Ties in first-row order, so the batches (and their rounding) do not depend on cache timing.
  pending.sort((a, b) => a.ids.length - b.ids.length || (a.rows[0] ?? 0) - (b.rows[0] ?? 0));
  const batchSize = options.batchSize ?? 32;
  const started = performance.now();
  let done = cached;
  let embedded = 0;
  const report = (): void => {
    const seconds = (performance.now() - started) / 1000;
    const rate = embedded > 0 ? embedded / seconds : 0;
    const left = texts.length - done;
    options.onProgress?.({
      done,
      total: texts.length,
      cached,
      textsPerSecond: rate,
      etaSeconds: rate > 0 ? left / rate : left === 0 ? 0 : undefined,
    });
  };
  report();
  const writes: Promise<void>[] = [];
  for (let start = 0; start < pending.length; start += batchSize) {
    throwIfAborted(options.signal);
    const batch = pending.slice(start, start + batchSize);
    const vectors = await options.encoder.embedIds(batch.map((item) => item.ids));
    batch.forEach((item, row) => {
      const vector = vectors.subarray(row * size, (row + 1) * size);
      for (const index of item.rows) out.set(vector, index * size);
      // Cache writes run beside the next batches instead of holding them up.
      if (options.cache) writes.push(quiet(options.cache.put(item.hash, vector.slice())));
      done += item.rows.length;
    });
    embedded += batch.length;
    report();
  }
  await Promise.all(writes);
  const truncated = pending.reduce((n, item) => n + (item.truncated ? item.rows.length : 0), 0);
  return { embeddings: out, cached, embedded, truncated };
}

/** Copies cached embeddings in place; returns the rows still to embed, grouped by text hash. */
async function fillFromCache(
  hashes: readonly string[],
  out: Float32Array,
  size: number,
  cache: TextEmbeddingCache | undefined,
): Promise<Map<string, number[]>> {
  const rowsOf = new Map<string, number[]>();
  hashes.forEach((hash, row) => {
    const rows = rowsOf.get(hash);
    if (rows) rows.push(row);
    else rowsOf.set(hash, [row]);
  });
  const missing = new Map<string, number[]>();
  await forEachBounded(rowsOf.entries(), 8, async ([hash, rows]) => {
    const vector = await cache?.get(hash);
    if (!vector) {
      missing.set(hash, rows);
      return;
    }
    for (const row of rows) out.set(vector, row * size);
  });
  return missing;
}

function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
