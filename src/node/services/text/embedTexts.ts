import { meanOfUnitLength } from '../../../engine/text/longText.js';
import type { UseLiteEncoder } from '../../../engine/text/useLiteEncoder.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { forEachBounded } from '../../adapters/platform/concurrency.js';
import { yieldToEventLoop } from './eventLoop.js';
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
  /** Texts longer than the encoder reads at most (their tail was cut). */
  truncated: number;
}

interface PendingText {
  hash: string;
  /** Rows of `texts` holding this text. */
  rows: number[];
  windows: number[][];
  /** Window embeddings, filled as their batches come back. */
  vectors: Float32Array;
  left: number;
  truncated: boolean;
}

/**
 * Embeddings of every text. Cached ones are read; the rest, each distinct text once, are read in
 * windows (a long text in several, see longText.ts), batched shortest text first so short texts
 * do not pay for a long one's padding.
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
  const pending = await tokenizeMissing(texts, missing, options);
  const windows = windowsInTextOrder(pending);
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
  let writes: Promise<void>[] = [];
  let landing: Promise<unknown> = Promise.resolve();
  const finish = (text: PendingText): void => {
    const vector = meanOfUnitLength(text.vectors, text.windows.length, size);
    for (const index of text.rows) out.set(vector, index * size);
    // Started as the text finishes, so a kill loses only the texts of the last batches.
    if (options.cache) writes.push(quiet(options.cache.put(text.hash, vector)));
    done += text.rows.length;
    embedded++;
  };
  for (let start = 0; start < windows.length; start += batchSize) {
    // The encoder resolves without a macrotask: without this turn a cancel and the cache writes'
    // file steps would wait for the last batch.
    await yieldToEventLoop();
    throwIfAborted(options.signal);
    const batch = windows.slice(start, start + batchSize);
    const vectors = await options.encoder.embedIds(
      batch.map(({ text, index }) => text.windows[index] as number[]),
    );
    batch.forEach(({ text, index }, row) => {
      text.vectors.set(vectors.subarray(row * size, (row + 1) * size), index * size);
      if (--text.left === 0) finish(text);
    });
    // The previous batch's writes run beside this one; waiting for them here keeps every text
    // reported done before this batch on disk, and the writes in flight to two batches' worth.
    await landing;
    landing = quiet(Promise.all(writes));
    writes = [];
    report();
  }
  await landing;
  const truncated = pending.reduce((n, item) => n + (item.truncated ? item.rows.length : 0), 0);
  return { embeddings: out, cached, embedded, truncated };
}

/** Texts tokenized per chunk, with a turn of the event loop between chunks so a cancel lands. */
const TOKENIZE_CHUNK = 64;

/** The windows of every text the cache lacks (long texts cost a few milliseconds each). */
async function tokenizeMissing(
  texts: readonly string[],
  missing: ReadonlyMap<string, number[]>,
  options: EmbedTextsOptions,
): Promise<PendingText[]> {
  const size = options.encoder.embeddingSize;
  const pending: PendingText[] = [];
  for (const [hash, rows] of missing) {
    if (pending.length % TOKENIZE_CHUNK === 0) {
      await yieldToEventLoop();
      throwIfAborted(options.signal);
    }
    const { windows, droppedPieces } = options.encoder.tokenize(texts[rows[0] as number] as string);
    const vectors = new Float32Array(windows.length * size);
    pending.push({
      hash,
      rows,
      windows,
      vectors,
      left: windows.length,
      truncated: droppedPieces > 0,
    });
  }
  return pending;
}

/**
 * Every window of every pending text, text after text: short texts first (by pieces read), so a
 * batch holds windows of like lengths, and each text's windows side by side, so texts finish one
 * after another and the progress (counted in texts) moves steadily. Ties in first-row order, so
 * the batches (and their rounding) do not depend on cache timing.
 */
function windowsInTextOrder(
  pending: readonly PendingText[],
): Array<{ text: PendingText; index: number }> {
  const piecesRead = (text: PendingText): number =>
    text.windows.reduce((sum, window) => sum + window.length, 0);
  const ordered = [...pending].sort(
    (a, b) => piecesRead(a) - piecesRead(b) || (a.rows[0] ?? 0) - (b.rows[0] ?? 0),
  );
  return ordered.flatMap((text) => text.windows.map((_, index) => ({ text, index })));
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
