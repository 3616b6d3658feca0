import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { seededRandom } from '../../../common/random.js';
import {
  bagOfWordsFeatures,
  bagOfWordsFeaturesCancellable,
  buildBagOfWords,
  DEFAULT_MAX_TERMS,
  FEATURE_BUDGET_FLOATS,
  FEATURE_CHUNK,
  MAX_TEXT_CHARS,
  parseBagOfWords,
  termCounts,
  termsWithinBudget,
  words,
} from './bagOfWords.js';

/** Short texts of three words each from a pool of `pool` words, the same for the same seed. */
function shortTexts(count: number, pool: number, seed = 5): string[] {
  const random = seededRandom(seed);
  const word = () => `w${Math.floor(random() * pool)}`;
  return Array.from({ length: count }, () => `${word()} ${word()} ${word()}`);
}

describe('words', () => {
  it('lower-cases letters of any script and splits on punctuation and spaces', () => {
    expect(words('Hello, WORLD! Don’t—stop…')).toEqual(['hello', 'world', 'don', 't', 'stop']);
    expect(words('Ärger über Straße; ΣΟΦΙΑ')).toEqual(['ärger', 'über', 'straße', 'σοφια']);
    expect(words('東京は晴れ 42km')).toEqual(['東京は晴れ', '42km']);
    expect(words('naïve café résumé')).toEqual(['naïve', 'café', 'résumé']);
  });

  it('reads composed and decomposed accents, and full-width letters, as the same word', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(words(decomposed)).toEqual(words(composed));
    expect(words('ＦＲＥＥ ｍｏｎｅｙ')).toEqual(['free', 'money']);
  });

  it('gives nothing for empty, blank or punctuation-only texts, and emoji are not words', () => {
    expect(words('')).toEqual([]);
    expect(words(' \n\t ')).toEqual([]);
    expect(words('!!! ??? ... ---')).toEqual([]);
    expect(words('great 👍 product 🎉')).toEqual(['great', 'product']);
  });

  it('reads only the start of a very long text', () => {
    const long = `${'spam '.repeat(MAX_TEXT_CHARS)}ham`;
    const read = words(long);
    expect(read.length).toBe(MAX_TEXT_CHARS / 5);
    expect(read).not.toContain('ham');
  });
});

describe('termCounts', () => {
  it('counts words and pairs of neighbouring words', () => {
    expect(Object.fromEntries(termCounts('Free money, free money now'))).toEqual({
      free: 2,
      money: 2,
      now: 1,
      'free money': 2,
      'money free': 1,
      'money now': 1,
    });
  });
});

describe('buildBagOfWords', () => {
  const train = [
    'Win a free prize now',
    'Free prize waiting, claim now',
    'Meeting notes for the project',
    'Project meeting moved to Friday',
  ];

  it('keeps terms found in at least two training texts, most frequent first, ties in code-point order', () => {
    const bag = buildBagOfWords(train);
    expect(bag.terms).toEqual(['free', 'free prize', 'meeting', 'now', 'prize', 'project']);
    expect(bag.idf).toHaveLength(bag.terms.length);
    // Two of four texts: log(5/3) + 1.
    expect(bag.idf[0]).toBeCloseTo(Math.log(5 / 3) + 1, 10);
  });

  it('builds the vocabulary from the training texts only: held-out words get no feature', () => {
    const bag = buildBagOfWords(train);
    expect(bag.terms).not.toContain('lottery');
    const [row] = [bagOfWordsFeatures(bag, ['lottery lottery jackpot'])];
    expect(Array.from(row ?? [])).toEqual(new Array(bag.terms.length).fill(0));
  });

  it('caps the vocabulary, keeping the terms most texts share', () => {
    const bag = buildBagOfWords(train, { maxTerms: 2 });
    expect(bag.terms).toEqual(['free', 'free prize']);
  });

  it('falls back to every term when no term occurs twice, and to none for empty texts', () => {
    expect(buildBagOfWords(['alpha beta', 'gamma']).terms).toEqual([
      'alpha',
      'alpha beta',
      'beta',
      'gamma',
    ]);
    expect(buildBagOfWords(['', '  ', '!!']).terms).toEqual([]);
  });
});

describe('bagOfWordsFeatures', () => {
  const bag = buildBagOfWords([
    'free prize now',
    'free prize later',
    'meeting now',
    'meeting later',
  ]);

  it('gives each text a unit-length row of TF-IDF weights', () => {
    const rows = bagOfWordsFeatures(bag, ['Free prize! FREE prize!', 'meeting']);
    const size = bag.terms.length;
    const first = Array.from(rows.subarray(0, size));
    const norm = Math.hypot(...first);
    expect(norm).toBeCloseTo(1, 6);
    const free = first[bag.terms.indexOf('free')] ?? 0;
    const prize = first[bag.terms.indexOf('prize')] ?? 0;
    expect(free).toBeGreaterThan(0);
    expect(free).toBeCloseTo(prize, 6);
    expect(first[bag.terms.indexOf('meeting')]).toBe(0);
    expect(rows[size + bag.terms.indexOf('meeting')]).toBeCloseTo(1, 6);
  });

  it('gives an empty text a row of zeros, and no rows for no texts', () => {
    expect(Array.from(bagOfWordsFeatures(bag, ['']))).toEqual(new Array(bag.terms.length).fill(0));
    expect(bagOfWordsFeatures(bag, [])).toHaveLength(0);
  });
});

describe('termsWithinBudget', () => {
  it('keeps the full vocabulary for a small dataset and shrinks it so a large one fits', () => {
    expect(termsWithinBudget(1_000)).toBe(DEFAULT_MAX_TERMS);
    expect(termsWithinBudget(1_000, 500)).toBe(500);
    expect(termsWithinBudget(0)).toBe(DEFAULT_MAX_TERMS);
    expect(termsWithinBudget(10, 100, 1)).toBe(1);
  });

  it('caps 30,000 short texts to a vocabulary whose dense features fit in the budget', () => {
    const texts = shortTexts(30_000, 3_000);
    const uncapped = buildBagOfWords(texts);
    const cap = termsWithinBudget(texts.length);
    // The corpus really has more frequent terms than the cap allows, so the cap is what bites.
    expect(uncapped.terms.length).toBeGreaterThan(cap);
    const capped = buildBagOfWords(texts, { maxTerms: cap });
    expect(capped.terms).toHaveLength(cap);
    expect(capped.terms).toEqual(uncapped.terms.slice(0, cap));
    expect(capped.terms.length * texts.length).toBeLessThanOrEqual(FEATURE_BUDGET_FLOATS);
    expect(capped.terms.length * texts.length * 4).toBeLessThanOrEqual(256 * 2 ** 20);
  });
});

describe('bagOfWordsFeaturesCancellable', () => {
  const texts = shortTexts(3 * FEATURE_CHUNK + 17, 200, 9);
  const bag = buildBagOfWords(texts);

  it('gives the same rows as the one-go featuriser, a chunk at a time', async () => {
    const chunksDone: number[] = [];
    const rows = await bagOfWordsFeaturesCancellable(bag, texts, {
      onChunk: (done) => chunksDone.push(done),
    });
    expect(rows).toEqual(bagOfWordsFeatures(bag, texts));
    expect(chunksDone).toEqual([FEATURE_CHUNK, 2 * FEATURE_CHUNK, 3 * FEATURE_CHUNK, texts.length]);
  });

  it('stops at a cancel between chunks and featurises no more', async () => {
    const controller = new AbortController();
    const chunksDone: number[] = [];
    const run = bagOfWordsFeaturesCancellable(bag, texts, {
      signal: controller.signal,
      onChunk: (done) => {
        chunksDone.push(done);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(chunksDone).toEqual([FEATURE_CHUNK]);
  });
});

describe('parseBagOfWords', () => {
  it('reads back what was built and names a damaged vocabulary', () => {
    const bag = buildBagOfWords(['one two', 'one three']);
    expect(parseBagOfWords(JSON.parse(JSON.stringify(bag)), 'v.json')).toEqual(bag);
    const broken = { ...bag, idf: bag.idf.slice(1) };
    expect(() => parseBagOfWords(broken, 'v.json')).toThrow(AppError);
    expect(() => parseBagOfWords(null, 'v.json')).toThrow(/v\.json is not a bag-of-words/);
  });
});
