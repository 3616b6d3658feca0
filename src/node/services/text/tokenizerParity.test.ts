import { Tokenizer as ReferenceTokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { describe, expect, it } from 'vitest';
import { SentencePieceTokenizer, UNKNOWN_ID } from '../../../engine/text/sentencePiece.js';
import { bundledVocabulary } from '../../testing/bundledVocabulary.js';

const vocabulary = bundledVocabulary();

const HAND_PICKED = [
  '',
  ' ',
  '   ',
  '\t\n\r',
  'Hello world',
  'hello   world  ',
  '  leading and trailing  ',
  'The quick brown fox jumps over the lazy dog.',
  "Don't stop believin'! It's 5:30pm — isn't it?",
  'e-mail: someone@example.com, url: https://example.org/a?b=c&d=e#f',
  'Prices: $19.99, €5, £3.50, ¥1000, 50% off!!!',
  'ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ and ①②③ and ﬁ ligature',
  'Café, naïve, coöperate, résumé (precomposed)',
  'Cafe\u0301, nai\u0308ve (combining marks)',
  'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dalgo text',
  '日本語のテキストも扱えますか？',
  '中文句子，没有空格。',
  '한국어 문장입니다.',
  'Русский текст с пунктуацией.',
  'النص العربي من اليمين إلى اليسار',
  'עברית',
  'हिन्दी पाठ',
  'emoji 😀🎉👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵',
  '😀',
  '🎉🎉🎉',
  ':) :( :-) :30 :00 ”5',
  '\u00a0non-breaking\u00a0spaces\u2003and em space',
  'zero\u200bwidth\u200cjoiners\u200d',
  'tabs\tand\nnewlines\r\nmixed',
  '<s></s> extra_token_id_1 �',
  '"quoted" \'single\' `back` «guillemets» „low“',
  'ALL CAPS SHOUTING AND lowercase whispering',
  '1234567890 3.14159 -42 1e10 0x1F',
  '.,;:!?()[]{}<>/\\|@#$%^&*_+=~',
  'a',
  'I',
  '▁already▁has▁boundaries',
];

/** Deterministic strings mixing the character kinds above, so failures reproduce. */
function generatedStrings(count: number, seed: number): string[] {
  const alphabet = [
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ...'     \t\n.,;:!?\'"-()',
    ...'éüñçøßæ',
    '\u0301',
    '\u0308',
    ...'日本語中文한국',
    '😀',
    '👍🏽',
    '\u00a0',
    'ﬁ',
    '①',
    'Ａ',
  ];
  const words = ['the', 'movie', 'was', 'great', 'terrible', 'spam', 'free', 'money', "isn't"];
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(next() * 60);
    let text = '';
    for (let j = 0; j < length; j++) {
      text +=
        next() < 0.3
          ? `${words[Math.floor(next() * words.length)]} `
          : alphabet[Math.floor(next() * alphabet.length)];
    }
    out.push(text);
  }
  return out;
}

describe('SentencePieceTokenizer', () => {
  const ours = new SentencePieceTokenizer(vocabulary);
  const reference = new ReferenceTokenizer(vocabulary as unknown as Array<[string, number]>);

  it('gives the reference ids for hand-picked and generated strings', () => {
    const inputs = [...HAND_PICKED, ...generatedStrings(300, 7)];
    const mismatches = inputs.filter(
      (text) => JSON.stringify(ours.encode(text)) !== JSON.stringify(reference.encode(text)),
    );
    expect(mismatches).toEqual([]);
  });

  it('gives the reference ids for a very long text', () => {
    // The reference copies the rest of the text at every position, so its time grows with the
    // square of the length: a few thousand characters keep this test quick.
    const long = generatedStrings(200, 11).join(' ');
    expect(long.length).toBeGreaterThan(5_000);
    expect(ours.encode(long)).toEqual(reference.encode(long));
  });

  it('splits a plain sentence into known word pieces', () => {
    const ids = ours.encode('the movie was great');
    expect(ids.map((id) => vocabulary[id]?.[0])).toEqual(['▁the', '▁movie', '▁was', '▁great']);
  });

  it('collapses a run of unknown characters into one unknown id', () => {
    const ids = ours.encode('ok 😀😀😀 ok');
    expect(ids.filter((id) => id === UNKNOWN_ID)).toHaveLength(1);
  });

  it('returns no ids for an empty text', () => {
    expect(ours.encode('')).toEqual([]);
  });
});
