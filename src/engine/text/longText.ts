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
  /** Pieces of the text that no window holds (the tail of a very long text). */
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
  return text
    .split(/(?<=[.!?])\s+|\s*[\r\n]\s*/u)
    .map(plainText)
    .filter((segment) => segment.length > 0);
}

/**
 * The windows the encoder reads for `text`. `encode` is the tokenizer (text to piece ids; an
 * empty text gives none). Whole sentences are packed into a window while they fit; a sentence
 * longer than a window is cut into window-long runs of pieces.
 */
export function textWindows(
  text: string,
  encode: (text: string) => number[],
  reading: LongTextReading,
  unknownId: number,
): TextWindows {
  const whole = encode(plainText(text));
  if (whole.length === 0) return { windows: [[unknownId]], droppedPieces: 0 };
  if (whole.length <= reading.windowPieces) return { windows: [whole], droppedPieces: 0 };
  const windows: number[][] = [];
  let current: number[] = [];
  let total = 0;
  const close = (): void => {
    if (current.length > 0) windows.push(current);
    current = [];
  };
  for (const segment of textSegments(text)) {
    const ids = encode(segment);
    total += ids.length;
    if (current.length + ids.length > reading.windowPieces) close();
    for (let start = 0; start < ids.length; start += reading.windowPieces) {
      const part = ids.slice(start, start + reading.windowPieces);
      if (part.length === reading.windowPieces) windows.push(part);
      else current.push(...part);
    }
  }
  close();
  const kept = windows.slice(0, reading.maxWindows);
  const read = kept.reduce((sum, window) => sum + window.length, 0);
  return { windows: kept, droppedPieces: total - read };
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
