import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors.js';
import * as tf from '../tf.js';
import {
  MAX_OCCLUDED_WORDS,
  occludeWords,
  strongestWords,
  type PredictTexts,
} from './textOcclusion.js';
import { textWords, withoutWord } from './textWords.js';

const FILLER = ['please', 'the', 'order', 'today', 'for', 'my', 'account', 'about', 'team', 'we'];
const CLASSES = ['billing', 'other'];

/** Sentences of filler words; the billing ones also hold "refund", the word that decides. */
function examples(): { text: string; label: number }[] {
  const rows: { text: string; label: number }[] = [];
  for (let i = 0; i < 40; i++) {
    const words = Array.from({ length: 6 }, (_, j) => FILLER[(i * 7 + j * 3) % FILLER.length]);
    const billing = i % 2 === 0;
    if (billing) words.splice(i % 5, 0, 'refund');
    rows.push({ text: words.join(' '), label: billing ? 0 : 1 });
  }
  return rows;
}

/**
 * A real, tiny text classifier: word counts over a fixed vocabulary into a softmax layer,
 * trained by tfjs from zero weights (so the same run every time).
 */
async function trainTinyModel(): Promise<PredictTexts> {
  const vocabulary = [...FILLER, 'refund'];
  const features = (texts: readonly string[]) =>
    tf.tensor2d(
      texts.map((text) => {
        const row = new Array<number>(vocabulary.length).fill(0);
        for (const word of textWords(text.toLowerCase())) {
          const at = vocabulary.indexOf(word.text);
          if (at >= 0) row[at] = (row[at] ?? 0) + 1;
        }
        return row;
      }),
    );
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [vocabulary.length],
        units: CLASSES.length,
        activation: 'softmax',
        kernelInitializer: 'zeros',
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.1), loss: 'categoricalCrossentropy' });
  const rows = examples();
  const x = features(rows.map((r) => r.text));
  const y = tf.oneHot(
    rows.map((r) => r.label),
    CLASSES.length,
  );
  await model.fit(x, y, { epochs: 60, batchSize: 40, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  return async (texts) => {
    const input = features(texts);
    const output = model.predict(input) as tf.Tensor;
    const probabilities = (await output.array()) as number[][];
    tf.dispose([input, output]);
    return probabilities.map((row) =>
      row.map((probability, c) => ({ class: CLASSES[c] ?? '', probability })),
    );
  };
}

describe('word occlusion on a trained text model', () => {
  let predict: PredictTexts;
  beforeAll(async () => {
    predict = await trainTinyModel();
  });

  it('gives the word that decides the class the largest score', async () => {
    const text = 'Please, send the REFUND for my order today.';
    const result = await occludeWords(text, predict);
    expect(result.prediction).toBe('billing');
    expect(result.class).toBe('billing');
    expect(result.words.map((w) => w.text)).toEqual(textWords(text).map((w) => w.text));
    const [top] = strongestWords(result.words, 3);
    expect(top?.text).toBe('REFUND');
    expect(text.slice(top?.start, top?.end)).toBe('REFUND');
    for (const word of result.words) {
      if (word !== top) expect(Math.abs(word.score)).toBeLessThan(top?.score ?? 0);
    }
    expect(result.totalWords).toBe(8);
    expect(result.capped).toBe(false);
  });

  it('scores the other class: the deciding word pushes away from it', async () => {
    const result = await occludeWords('refund my order please', predict, { class: 'other' });
    expect(result.class).toBe('other');
    expect(result.prediction).toBe('billing');
    const refund = result.words.find((w) => w.text === 'refund');
    expect(refund?.score).toBeLessThan(0);
    expect(strongestWords(result.words, 5).map((w) => w.text)).not.toContain('refund');
  });

  it('weighs only the first words of a long text, in one batch, and says so', async () => {
    const long = Array.from({ length: 150 }, (_, i) => FILLER[i % FILLER.length]).join(' ');
    const batches: number[] = [];
    const counting: PredictTexts = (texts, signal) => {
      batches.push(texts.length);
      return predict(texts, signal);
    };
    const result = await occludeWords(`${long} refund`, counting);
    expect(batches).toEqual([MAX_OCCLUDED_WORDS + 1]);
    expect(result.words).toHaveLength(MAX_OCCLUDED_WORDS);
    expect(result.totalWords).toBe(151);
    expect(result.capped).toBe(true);
    expect(result.words.map((w) => w.text)).not.toContain('refund');
  });

  it('refuses an empty text without running the model', async () => {
    let calls = 0;
    const counting: PredictTexts = (texts) => {
      calls++;
      return predict(texts);
    };
    for (const empty of ['', '   \n\t ']) {
      await expect(occludeWords(empty, counting)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/empty/),
      });
    }
    expect(calls).toBe(0);
  });

  it('answers a text of punctuation alone with its prediction and no words', async () => {
    const result = await occludeWords('?!… — ;-)', predict);
    expect(result.words).toEqual([]);
    expect(result.totalWords).toBe(0);
    expect(CLASSES).toContain(result.prediction);
  });

  it('names the classes when asked about one the model does not have', async () => {
    await expect(occludeWords('refund please', predict, { class: 'spam' })).rejects.toThrow(
      /no class "spam"; it knows billing, other/,
    );
  });

  it('stops with CANCELLED when the request was cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await occludeWords('refund please', predict, {
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
  });
});

describe('the words of a text', () => {
  it('keeps unicode words whole and leaves punctuation out', () => {
    const text =
      'Don’t panic — the café’s crème brûlée costs 3.5€, well-known! Naïve (cafe\u0301)?';
    expect(textWords(text).map((w) => w.text)).toEqual([
      'Don’t',
      'panic',
      'the',
      'café’s',
      'crème',
      'brûlée',
      'costs',
      '3.5',
      'well-known',
      'Naïve',
      'cafe\u0301',
    ]);
    for (const word of textWords(text)) expect(text.slice(word.start, word.end)).toBe(word.text);
  });

  it('splits scripts written without spaces into characters', () => {
    expect(textWords('東京は晴れ。Привет, мир! مرحبا بالعالم').map((w) => w.text)).toEqual([
      '東',
      '京',
      'は',
      '晴',
      'れ',
      'Привет',
      'мир',
      'مرحبا',
      'بالعالم',
    ]);
  });

  it('removes a word with one side of its spaces', () => {
    const cut = (text: string, index: number) =>
      withoutWord(text, textWords(text)[index] as ReturnType<typeof textWords>[number]);
    expect(cut('a very good film', 1)).toBe('a good film');
    expect(cut('very good', 0)).toBe('good');
    expect(cut('good film.', 1)).toBe('good.');
    expect(cut('hello,world there', 1)).toBe('hello, there');
    expect(cut('東京', 0)).toBe('京');
  });
});
