import { AppError } from '../../../common/errors.js';
import { compareCodePoints } from '../../../common/split.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { yieldToEventLoop } from './eventLoop.js';

/**
 * A bag of words, the text model that knows nothing before it trains: word unigrams and bigrams,
 * a vocabulary built from the training texts only, TF-IDF features. It is saved beside the network
 * (vocabulary.json) so a reloaded model reads new texts exactly as it read its training texts.
 */
export interface BagOfWords {
  format: 'bag-of-words';
  version: 1;
  /** Characters of a text read; the rest is ignored (see MAX_TEXT_CHARS). */
  maxChars: number;
  /** Terms in feature order: words, and pairs of neighbouring words joined by one space. */
  terms: string[];
  /** Inverse document frequency of each term, from the training texts. */
  idf: number[];
}

export interface VocabularyOptions {
  /** Most terms kept (the most frequent in documents). Default 10,000. */
  maxTerms?: number;
  /** Fewest training texts a term must appear in (lowered to 1 when nothing would pass). Default 2. */
  minDocuments?: number;
}

/**
 * A long email or review says what it is about early; reading 20,000 characters bounds the time
 * and memory one text costs (a 5 MB text would otherwise make millions of terms).
 */
export const MAX_TEXT_CHARS = 20_000;
export const DEFAULT_MAX_TERMS = 10_000;

/**
 * Most floats the dense TF-IDF matrix of a training run may hold (64M floats, 256 MB; training
 * copies it once more into a tensor). At 10,000 terms that is 6,710 texts; past that the
 * vocabulary shrinks so texts × terms stays within it.
 */
export const FEATURE_BUDGET_FLOATS = 64 * 1024 * 1024;

/** The vocabulary size a run of `textCount` texts may have: `maxTerms`, or less to fit the budget. */
export function termsWithinBudget(
  textCount: number,
  maxTerms = DEFAULT_MAX_TERMS,
  budgetFloats = FEATURE_BUDGET_FLOATS,
): number {
  if (textCount <= 0) return maxTerms;
  return Math.max(1, Math.min(maxTerms, Math.floor(budgetFloats / textCount)));
}

/** Letters (with their combining marks) and digits; everything else separates words. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased words of a text, NFKC-normalised so full-width and composed forms read alike. */
export function words(text: string, maxChars = MAX_TEXT_CHARS): string[] {
  return text.slice(0, maxChars).normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/** Every unigram and bigram of a text with how often it occurs. */
export function termCounts(text: string, maxChars = MAX_TEXT_CHARS): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  const list = words(text, maxChars);
  list.forEach((word, i) => {
    add(word);
    if (i > 0) add(`${list[i - 1]} ${word}`);
  });
  return counts;
}

/**
 * The vocabulary of the training texts: terms by how many texts hold them (most first, ties in
 * code-point order so the same texts always give the same features), capped at `maxTerms`.
 */
export function buildBagOfWords(
  trainingTexts: readonly string[],
  options: VocabularyOptions = {},
): BagOfWords {
  const maxTerms = options.maxTerms ?? DEFAULT_MAX_TERMS;
  const documentCounts = new Map<string, number>();
  for (const text of trainingTexts)
    for (const term of termCounts(text).keys())
      documentCounts.set(term, (documentCounts.get(term) ?? 0) + 1);
  const ranked = [...documentCounts].sort(
    ([a, countA], [b, countB]) => countB - countA || compareCodePoints(a, b),
  );
  const minDocuments = options.minDocuments ?? 2;
  const frequent = ranked.filter(([, count]) => count >= minDocuments);
  // A handful of texts may share no term twice; single-text terms are then all there is.
  const kept = (frequent.length > 0 ? frequent : ranked).slice(0, maxTerms);
  const documents = trainingTexts.length;
  return {
    format: 'bag-of-words',
    version: 1,
    maxChars: MAX_TEXT_CHARS,
    terms: kept.map(([term]) => term),
    // Smoothed as scikit-learn does, so a term in every text still counts a little.
    idf: kept.map(([, count]) => Math.log((1 + documents) / (1 + count)) + 1),
  };
}

/**
 * One row per text: log-scaled term counts times IDF, scaled to unit length, so a long email and
 * a short one weigh alike. Terms outside the vocabulary are dropped; a text with none is all zeros.
 */
export function bagOfWordsFeatures(bag: BagOfWords, texts: readonly string[]): Float32Array {
  const rows = new Float32Array(texts.length * bag.terms.length);
  fillFeatureRows(bag, texts, rows, 0, texts.length);
  return rows;
}

/** Texts featurised between two looks at the cancel signal. */
export const FEATURE_CHUNK = 256;

export interface ChunkedOptions {
  signal?: AbortSignal | undefined;
  /** Told after each chunk (texts done so far); a test cancels from here. */
  onChunk?: ((done: number) => void) | undefined;
}

/**
 * `bagOfWordsFeatures` in chunks of FEATURE_CHUNK texts, yielding to the event loop between them
 * so a cancel that arrives meanwhile is seen (tens of thousands of texts take seconds).
 */
export async function bagOfWordsFeaturesCancellable(
  bag: BagOfWords,
  texts: readonly string[],
  options: ChunkedOptions = {},
): Promise<Float32Array> {
  const rows = new Float32Array(texts.length * bag.terms.length);
  await forEachChunk(texts.length, options, (start, end) =>
    fillFeatureRows(bag, texts, rows, start, end),
  );
  return rows;
}

/** Runs `work` on [start, end) ranges of FEATURE_CHUNK items, checking the signal around each. */
export async function forEachChunk(
  count: number,
  options: ChunkedOptions,
  work: (start: number, end: number) => void,
): Promise<void> {
  throwIfAborted(options.signal);
  for (let start = 0; start < count; start += FEATURE_CHUNK) {
    const end = Math.min(start + FEATURE_CHUNK, count);
    work(start, end);
    options.onChunk?.(end);
    await yieldToEventLoop();
    throwIfAborted(options.signal);
  }
}

function fillFeatureRows(
  bag: BagOfWords,
  texts: readonly string[],
  rows: Float32Array,
  start: number,
  end: number,
): void {
  const index = termIndex(bag);
  const size = bag.terms.length;
  for (let row = start; row < end; row++) {
    const text = texts[row] ?? '';
    const offset = row * size;
    let squares = 0;
    for (const [term, count] of termCounts(text, bag.maxChars)) {
      const column = index.get(term);
      if (column === undefined) continue;
      const value = (1 + Math.log(count)) * (bag.idf[column] ?? 0);
      rows[offset + column] = value;
      squares += value * value;
    }
    const norm = Math.sqrt(squares);
    if (norm > 0) for (let c = 0; c < size; c++) rows[offset + c] = (rows[offset + c] ?? 0) / norm;
  }
}

const indices = new WeakMap<BagOfWords, Map<string, number>>();

function termIndex(bag: BagOfWords): Map<string, number> {
  let index = indices.get(bag);
  if (!index) {
    index = new Map(bag.terms.map((term, i) => [term, i]));
    indices.set(bag, index);
  }
  return index;
}

/** A vocabulary read back from a model folder, checked so a damaged file is named, not obeyed. */
export function parseBagOfWords(raw: unknown, where: string): BagOfWords {
  const bag = raw as Partial<BagOfWords> | null;
  const valid =
    bag?.format === 'bag-of-words' &&
    bag.version === 1 &&
    typeof bag.maxChars === 'number' &&
    bag.maxChars > 0 &&
    Array.isArray(bag.terms) &&
    Array.isArray(bag.idf) &&
    bag.terms.length === bag.idf.length &&
    bag.terms.length > 0 &&
    bag.terms.every((t) => typeof t === 'string') &&
    bag.idf.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!valid)
    throw new AppError('INVALID_ARGUMENT', `${where} is not a bag-of-words vocabulary`, { where });
  return bag as BagOfWords;
}
