import { describe, expect, it } from 'vitest';
import { smallTokenizer } from '../testing/smallVocabulary.js';
import {
  leadingPart,
  meanOfEachText,
  meanOfUnitLength,
  plainText,
  textSegments,
  textWindows,
} from './longText.js';
import { UNKNOWN_ID, type VocabularyEntry } from './sentencePiece.js';

/** A vocabulary of single characters: one piece per letter, so piece counts are easy to read. */
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz.!?,'];
const tokenizer = smallTokenizer([
  ['▁', -1],
  ...LETTERS.map((letter): VocabularyEntry => [letter, -1]),
]);
const encode = (text: string): number[] => tokenizer.encode(text);
const pieces = (ids: readonly number[]): string =>
  ids.map((id) => tokenizer.vocabulary[id]?.[0] ?? '?').join('');

describe('plainText and textSegments', () => {
  it('reads newlines, tabs and runs of spaces as one space', () => {
    expect(plainText('  Subject: hi\r\n\r\n\tBody   text \u00a0here\n')).toBe(
      'Subject: hi Body text here',
    );
  });

  it('cuts after sentence ends and at line breaks, not inside numbers or addresses', () => {
    expect(textSegments('Pay $3.50 now! Visit example.com today.\nThanks\n\n  -- Bob')).toEqual([
      'Pay $3.50 now!',
      'Visit example.com today.',
      'Thanks',
      '-- Bob',
    ]);
  });

  it('keeps non-Latin scripts and emoji whole', () => {
    expect(textSegments('日本語の文。 Ünïcödé ok? 😀 fin.')).toEqual([
      '日本語の文。 Ünïcödé ok?',
      '😀 fin.',
    ]);
  });
});

describe('textWindows', () => {
  const reading = { windowPieces: 8, maxWindows: 3 };

  it('reads a text that fits one window whole, as the tokenizer splits it', () => {
    // ▁ab▁c.▁d: 8 pieces, one window of 8.
    const text = 'ab c.\nd';
    expect(textWindows(text, encode, reading, UNKNOWN_ID)).toEqual({
      windows: [encode('ab c. d')],
      droppedPieces: 0,
    });
  });

  it('reads an empty or whitespace-only text as one unknown piece', () => {
    for (const text of ['', '   ', '\n\t\n']) {
      expect(textWindows(text, encode, reading, UNKNOWN_ID)).toEqual({
        windows: [[UNKNOWN_ID]],
        droppedPieces: 0,
      });
    }
  });

  it('packs whole sentences into windows and starts a new one where the next does not fit', () => {
    // Each sentence is 4 pieces (▁ + 3 characters): two fit a window of 8, a third does not.
    const { windows, droppedPieces } = textWindows(
      'ab. cd. ef. gh.',
      encode,
      { windowPieces: 8, maxWindows: 5 },
      UNKNOWN_ID,
    );
    expect(windows.map(pieces)).toEqual(['▁ab.▁cd.', '▁ef.▁gh.']);
    expect(droppedPieces).toBe(0);
  });

  it('cuts a sentence longer than a window into window-long runs', () => {
    const { windows } = textWindows(
      'abcdefghijklmnopqrst',
      encode,
      { windowPieces: 8, maxWindows: 5 },
      UNKNOWN_ID,
    );
    expect(windows.map((w) => w.length)).toEqual([8, 8, 5]);
    expect(windows.map(pieces).join('')).toBe('▁abcdefghijklmnopqrst');
  });

  it('reads at most maxWindows windows and says that pieces were left out', () => {
    const text = 'abcdefg. '.repeat(10);
    const { windows, droppedPieces } = textWindows(text, encode, reading, UNKNOWN_ID);
    expect(windows).toHaveLength(3);
    expect(windows.every((w) => w.length <= reading.windowPieces)).toBe(true);
    // Ten sentences of 9 pieces each (▁ + 8 characters) are cut to 8 + 1; three windows read.
    const read = windows.reduce((n, w) => n + w.length, 0);
    // The tail past the windows is not tokenized: the count is at least 1, at most the tail.
    expect(droppedPieces).toBeGreaterThan(0);
    expect(droppedPieces).toBeLessThanOrEqual(10 * 9 - read);
  });
});

describe('textWindows on a very long text', () => {
  const reading = { windowPieces: 64, maxWindows: 8 };
  const megabytes2 = 2 * 1024 * 1024;
  /** The tokenizer, counting the characters it is given; it refuses to go far past the bound. */
  const countingEncode = (limit: number) => {
    const seen = { characters: 0 };
    const spy = (text: string): number[] => {
      seen.characters += text.length;
      if (seen.characters > limit)
        throw new Error(`encode was given ${seen.characters} characters`);
      return encode(text);
    };
    return { seen, spy };
  };
  const texts = {
    'with sentence ends': 'the cat sat on the mat. '.repeat(megabytes2 / 24),
    'without sentence ends': 'the cat sat on the mat '.repeat(megabytes2 / 23),
    'without any spaces': 'thecatsatonthemat'.repeat(megabytes2 / 17),
  };

  for (const [kind, text] of Object.entries(texts)) {
    it(`tokenizes only the start of a 2 MB text ${kind}`, () => {
      // At most 25 characters per piece the windows hold, against 2 MB read whole before.
      const bound = 25 * reading.windowPieces * reading.maxWindows;
      const { seen, spy } = countingEncode(bound);
      const { windows, droppedPieces } = textWindows(text, spy, reading, UNKNOWN_ID);
      expect(seen.characters).toBeLessThanOrEqual(bound);
      expect(windows).toHaveLength(reading.maxWindows);
      expect(droppedPieces).toBeGreaterThan(0);
      // The windows are those of the text's start, read in full.
      const start = leadingPart(text, 4 * reading.windowPieces * reading.maxWindows);
      expect(windows).toEqual(textWindows(start, encode, reading, UNKNOWN_ID).windows);
    });
  }

  it('says nothing was dropped when the last window ends the text', () => {
    // Four sentences of 16 pieces (▁ + 15 characters) fill two windows of 32 exactly.
    const text = 'abcdefghijklmn. '.repeat(4);
    const { windows, droppedPieces } = textWindows(
      text,
      encode,
      { windowPieces: 32, maxWindows: 2 },
      UNKNOWN_ID,
    );
    expect(windows.map((w) => w.length)).toEqual([32, 32]);
    expect(droppedPieces).toBe(0);
  });
});

describe('leadingPart', () => {
  it('cuts at a space in the second half, else at the limit, never inside a surrogate pair', () => {
    expect(leadingPart('short', 10)).toBe('short');
    expect(leadingPart('aaaa bbbb cccc', 12)).toBe('aaaa bbbb');
    expect(leadingPart('a bbbbbbbbbbbbbb', 10)).toBe('a bbbbbbbb');
    expect(leadingPart('abc😀def', 4)).toBe('abc');
  });
});

describe('meanOfUnitLength', () => {
  it('returns a single embedding unchanged', () => {
    const one = Float32Array.from([0.6, 0, -0.8]);
    expect(meanOfUnitLength(one, 1, 3)).toEqual(one);
  });

  it('averages several and scales the mean to unit length', () => {
    const two = Float32Array.from([1, 0, 0, 0, 1, 0]);
    const mean = meanOfUnitLength(two, 2, 3);
    expect(mean[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(mean[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(mean[2]).toBe(0);
  });
});

describe('meanOfEachText', () => {
  it('gives each text the mean of its own windows, in text order', () => {
    const size = 512;
    const windowCounts = [1, 3, 2];
    // Window w of the texts laid end to end holds the value w + 1 at index w and zeros elsewhere,
    // so each text's mean points at its own windows' indices and no other's.
    const vectors = new Float32Array(6 * size);
    for (let w = 0; w < 6; w++) vectors[w * size + w] = w + 1;
    const means = meanOfEachText(vectors, windowCounts, size);
    expect(means).toHaveLength(3 * size);
    const text = (i: number): Float32Array => means.subarray(i * size, (i + 1) * size);
    const nonZero = (v: Float32Array): number[] =>
      [...v.keys()].filter((i) => (v[i] as number) !== 0);
    // One window: its embedding unchanged, as the encoder gives a sentence's.
    expect(text(0)).toEqual(vectors.subarray(0, size));
    expect(nonZero(text(1))).toEqual([1, 2, 3]);
    expect(nonZero(text(2))).toEqual([4, 5]);
    for (const i of [1, 2]) expect(Math.hypot(...text(i))).toBeCloseTo(1, 6);
    const norm = Math.hypot(2, 3, 4);
    expect(text(1)[3]).toBeCloseTo(4 / norm, 6);
  });
});
