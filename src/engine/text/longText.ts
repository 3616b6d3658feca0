/**
 * How the app reads a text longer than one encoder call should see. A sentence encoder is trained
 * on sentences, and its attention cost grows faster than the length: one call on a whole email is
 * slow and blurs it. So a long text is cut at sentence ends into windows of a bounded number of
 * pieces, each window is embedded, and the text's embedding is their mean, made unit length again.
 * A text that fits one window is embedded whole, exactly as the encoder embeds a sentence.
 *
 * The exported loader (src/node/services/export/textClassifierSource.ts) is a browser file that
 * cannot import this module, so it carries these very functions as source text (their
 * `toString()`). Every function here therefore stands alone: no imports, no calls outside this
 * file, nothing TypeScript turns into a helper.
 */

export interface LongTextReading {
  /** Most pieces in one encoder call. */
  windowPieces: number;
  /** Windows read per text; the rest of a very long text is not read. */
  maxWindows: number;
}

export interface TextWindows {
  /** Piece ids of each window, in reading order; never empty, no window empty. */
  windows: number[][];
  /**
   * Pieces of the text that no window holds (the tail of a very long text): 0 exactly when the
   * windows hold the whole text. Past the windows a long text is not tokenized, so this counts
   * the pieces seen before reading stopped, and at least 1: a lower bound, not the tail's size.
   */
  droppedPieces: number;
}

/**
 * Runs of whitespace (newlines and tabs included) read as one space, and the ends are trimmed:
 * the vocabulary knows only the space as a word boundary, so a newline would otherwise become an
 * unknown piece, and a run of spaces a run of empty word starts.
 */
export function plainText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Sentences and lines of a text, each as plainText: a cut after ., ! or ? followed by whitespace,
 * and at every line break.
 */
export function textSegments(text: string): string[] {
  const segments: string[] = [];
  for (let next = nextSegment(text, 0); next; next = nextSegment(text, next.end)) {
    segments.push(next.segment);
  }
  return segments;
}

/**
 * The first non-empty segment of `text` (as textSegments cuts it) that starts at or after `from`,
 * with where the text after it starts; undefined when none is left. One segment at a time, so a
 * reader that needs only the first few never cuts (nor copies) the rest of a long text. A segment
 * longer than `longest` characters is read only that far (see leadingPart), and says it was cut.
 */
export function nextSegment(
  text: string,
  from: number,
  longest = Infinity,
): { segment: string; end: number; cut: boolean } | undefined {
  const cutAt = /(?<=[.!?])\s+|\s*[\r\n]\s*/gu;
  let start = from;
  while (start < text.length) {
    cutAt.lastIndex = start;
    const match = cutAt.exec(text);
    const stop = match ? match.index : text.length;
    const raw = leadingPart(text.slice(start, stop), longest);
    const cut = raw.length < stop - start;
    const segment = plainText(raw);
    start = match ? match.index + match[0].length : text.length;
    if (segment.length > 0) return { segment, end: start, cut };
  }
  return undefined;
}

/**
 * At most `room` characters from the start of `segment`: cut at a space when one lies in the
 * second half (so no word is cut in two), else at `room` itself, never inside a surrogate pair.
 */
export function leadingPart(segment: string, room: number): string {
  if (segment.length <= room) return segment;
  const space = segment.lastIndexOf(' ', room);
  if (space >= room / 2) return segment.slice(0, space);
  const code = segment.charCodeAt(room - 1);
  return segment.slice(0, code >= 0xd800 && code <= 0xdbff ? room - 1 : room);
}

/**
 * The windows the encoder reads for `text`. `encode` is the tokenizer (text to piece ids; an
 * empty text gives none). Whole sentences are packed into a window while they fit; a sentence
 * longer than a window is cut into window-long runs of pieces.
 *
 * Only the start of a long text is read, since the tokenizer's time and memory (and even
 * plainText's) grow with the characters they are given: a 2 MB text took minutes and gigabytes.
 * Segments stop once the windows are full, and at most 16 characters per piece the windows hold
 * (16: the longest piece of the encoder's vocabulary) go to `encode` in all. Every text whose
 * pieces the windows can hold is read as before; only a run of thousands of characters the
 * vocabulary does not know at all (which reads as one unknown piece) can now be cut.
 */
export function textWindows(
  text: string,
  encode: (text: string) => number[],
  reading: LongTextReading,
  unknownId: number,
): TextWindows {
  const charactersPerPiece = 16;
  const oneWindow = reading.windowPieces * charactersPerPiece;
  // Only a short text is checked whole: past 16 characters a piece it cannot fit one window
  // (barring unknown runs), and its segments, packed, give the very same window if it does.
  const plain = text.length <= 4 * oneWindow ? plainText(text) : undefined;
  if (plain !== undefined && plain.length <= oneWindow) {
    const whole = encode(plain);
    if (whole.length === 0) return { windows: [[unknownId]], droppedPieces: 0 };
    if (whole.length <= reading.windowPieces) return { windows: [whole], droppedPieces: 0 };
  }
  // Two windows more than are read: sentences packed whole leave windows part-filled.
  const budget = oneWindow * (reading.maxWindows + 2);
  const windows: number[][] = [];
  let current: number[] = [];
  let total = 0;
  let given = 0;
  let unread = false;
  const close = (): void => {
    if (current.length > 0) windows.push(current);
    current = [];
  };
  let next = nextSegment(text, 0, 4 * budget);
  while (next) {
    if (windows.length >= reading.maxWindows || given >= budget) {
      unread = true;
      break;
    }
    const segment = leadingPart(next.segment, budget - given);
    given += segment.length;
    unread = next.cut || segment.length < next.segment.length;
    const ids = encode(segment);
    total += ids.length;
    if (current.length + ids.length > reading.windowPieces) close();
    for (let start = 0; start < ids.length; start += reading.windowPieces) {
      const part = ids.slice(start, start + reading.windowPieces);
      if (part.length === reading.windowPieces) windows.push(part);
      else current.push(...part);
    }
    if (unread) break;
    next = nextSegment(text, next.end, 4 * budget);
  }
  close();
  // Only whitespace, in a text too long to check whole.
  if (windows.length === 0) return { windows: [[unknownId]], droppedPieces: 0 };
  const kept = windows.slice(0, reading.maxWindows);
  const read = kept.reduce((sum, window) => sum + window.length, 0);
  return { windows: kept, droppedPieces: Math.max(total - read, unread ? 1 : 0) };
}

/**
 * The mean of `count` embeddings of `size` floats laid end to end, scaled to unit length (the
 * length of one window's embedding), so a text's embedding looks to the head like a sentence's.
 */
export function meanOfUnitLength(vectors: Float32Array, count: number, size: number): Float32Array {
  const mean = new Float32Array(size);
  for (let row = 0; row < count; row++) {
    for (let i = 0; i < size; i++)
      mean[i] = (mean[i] as number) + (vectors[row * size + i] as number);
  }
  if (count === 1) return mean;
  const norm = Math.hypot(...mean);
  if (norm > 0) for (let i = 0; i < size; i++) mean[i] = (mean[i] as number) / norm;
  return mean;
}

/**
 * One embedding per text from the embeddings of all texts' windows laid end to end (`size`
 * floats each, text after text; `windowCounts[i]` windows for text i): each text's windows
 * averaged to unit length.
 */
export function meanOfEachText(
  vectors: Float32Array,
  windowCounts: readonly number[],
  size: number,
): Float32Array {
  const out = new Float32Array(windowCounts.length * size);
  let row = 0;
  windowCounts.forEach((count, i) => {
    const rows = vectors.subarray(row * size, (row + count) * size);
    out.set(meanOfUnitLength(rows, count, size), i * size);
    row += count;
  });
  return out;
}
