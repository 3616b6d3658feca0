import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../../common/random.js';
import { textWindows, type LongTextReading } from '../../../engine/text/longText.js';
import { SentencePieceTokenizer, UNKNOWN_ID } from '../../../engine/text/sentencePiece.js';
import { USE_LITE_ID, textEncoderInfo } from '../../../engine/text/textEncoders.js';
import { bundledVocabulary } from '../../testing/bundledVocabulary.js';
import { NEWS_SENTENCES, TOPIC_TEXTS } from '../../testing/textModels.js';

const tokenizer = new SentencePieceTokenizer(bundledVocabulary());
const encode = (text: string): number[] => tokenizer.encode(text);
const reading = textEncoderInfo(USE_LITE_ID)?.reading as LongTextReading;
const SENTENCES = [
  ...Object.values(TOPIC_TEXTS).flat(),
  ...Object.values(NEWS_SENTENCES).flat(),
  '中文句子，没有空格。',
  'Prices: $19.99, €5, £3.50 — 50% off!!!',
  'emoji 😀🎉👍🏽 and café naïve',
];
const JOINS = [' ', ' ', '\n', '\n\n', '  ', '\t'];

/** Sentences of real English (and a few others) joined as emails are, about `length` long. */
function email(length: number, random: Random, punctuated: boolean): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const sentence = SENTENCES[Math.floor(random() * SENTENCES.length)] as string;
    const part = punctuated ? sentence : sentence.replace(/[.!?]/gu, '');
    parts.push(part, JOINS[Math.floor(random() * JOINS.length)] as string);
    size += part.length + 1;
  }
  return parts.join('');
}

/** The windows of a reading with room for every window (so it tokenizes the whole text). */
function readingEverything(text: string): { windows: number[][]; droppedPieces: number } {
  const { windows } = textWindows(text, encode, { ...reading, maxWindows: 1e5 }, UNKNOWN_ID);
  const kept = windows.slice(0, reading.maxWindows);
  const pieces = (list: number[][]): number => list.reduce((n, w) => n + w.length, 0);
  return { windows: kept, droppedPieces: pieces(windows) - pieces(kept) };
}

describe('textWindows with the encoder vocabulary', () => {
  it('reads the same windows as a reading of the whole text, for texts short and long', () => {
    const random = seededRandom(7);
    const lengths = [60, 400, 1100, 2500, 5000, 12000];
    const texts = lengths.flatMap((length) => [
      email(length, random, true),
      email(length, random, false),
    ]);
    const dropped: number[] = [];
    for (const text of texts) {
      const bounded = textWindows(text, encode, reading, UNKNOWN_ID);
      const everything = readingEverything(text);
      dropped.push(everything.droppedPieces);
      expect(bounded.windows).toEqual(everything.windows);
      // A lower bound of the pieces left out: 0 exactly when none are.
      expect(bounded.droppedPieces > 0).toBe(everything.droppedPieces > 0);
      expect(bounded.droppedPieces).toBeLessThanOrEqual(everything.droppedPieces);
    }
    // Both kinds were read: texts the windows hold whole, and texts they cut.
    expect(dropped.some((n) => n === 0)).toBe(true);
    expect(dropped.some((n) => n > 0)).toBe(true);
  });
});
