import { AppError } from '../../common/errors.js';
import { textWords, withoutWord, type TextWord } from './textWords.js';

/** Every class's probability for one text, as a text model answers. */
export type ClassProbabilities = readonly { class: string; probability: number }[];

/** The model on a batch of texts, one answer per text in order; it may stop on `signal`. */
export type PredictTexts = (
  texts: readonly string[],
  signal?: AbortSignal,
) => Promise<readonly ClassProbabilities[]>;

/** How far a word moved the model: its explained class's probability with it minus without it. */
export interface WordAttribution extends TextWord {
  /** In [-1, 1]; positive: the word pushed toward the class, negative: away from it. */
  score: number;
}

export interface TextAttribution {
  /** The class the scores are about: the one asked for, or else the predicted one. */
  class: string;
  /** The class the model predicts for the whole text, and the explained class's probability. */
  prediction: string;
  probability: number;
  /** The weighed words in text order (the first `MAX_OCCLUDED_WORDS` when the text has more). */
  words: WordAttribution[];
  /** Words the text holds, weighed or not. */
  totalWords: number;
  /** True when only the first words were weighed. */
  capped: boolean;
}

/**
 * Words weighed per text. Each costs one more text through the encoder, all in one batch, so
 * 64 keeps an explanation within about a second on two cores and covers a typical review or
 * email opening.
 */
export const MAX_OCCLUDED_WORDS = 64;

/**
 * Word-level occlusion: the text is run through the model once whole and once without each of
 * its first words, all in one batch; a word's score is how much the explained class's
 * probability falls when the word is gone. It measures what the model does, with no gradient
 * and no look inside, so the same code serves any text model.
 */
export async function occludeWords(
  text: string,
  predict: PredictTexts,
  options: { class?: string | undefined; maxWords?: number; signal?: AbortSignal } = {},
): Promise<TextAttribution> {
  if (text.trim() === '') {
    throw new AppError('INVALID_ARGUMENT', 'The text is empty: there are no words to weigh.');
  }
  const all = textWords(text);
  const weighed = all.slice(0, options.maxWords ?? MAX_OCCLUDED_WORDS);
  throwIfCancelled(options.signal);
  const answers = await predict(
    [text, ...weighed.map((word) => withoutWord(text, word))],
    options.signal,
  );
  throwIfCancelled(options.signal);
  if (answers.length !== weighed.length + 1) {
    throw new AppError(
      'INTERNAL',
      `The model answered ${answers.length} texts of the ${weighed.length + 1} it was given`,
    );
  }
  const [whole, ...without] = answers as [ClassProbabilities, ...ClassProbabilities[]];
  const prediction = mostLikely(whole);
  const explained = options.class ?? prediction;
  const baseline = probabilityOf(whole, explained);
  return {
    class: explained,
    prediction,
    probability: baseline,
    words: weighed.map((word, i) => ({
      ...word,
      score: baseline - probabilityOf(without[i] as ClassProbabilities, explained),
    })),
    totalWords: all.length,
    capped: all.length > weighed.length,
  };
}

/** The words that pushed most toward the class, strongest first (none that pushed away). */
export function strongestWords(
  words: readonly WordAttribution[],
  count: number,
): WordAttribution[] {
  return words
    .filter((word) => word.score > 0)
    .sort((a, b) => b.score - a.score || a.start - b.start)
    .slice(0, count);
}

function mostLikely(answer: ClassProbabilities): string {
  const best = answer.reduce<ClassProbabilities[number] | undefined>(
    (top, entry) => (top === undefined || entry.probability > top.probability ? entry : top),
    undefined,
  );
  if (!best) throw new AppError('INTERNAL', 'The model answered with no class probabilities');
  return best.class;
}

function probabilityOf(answer: ClassProbabilities, name: string): number {
  const entry = answer.find((e) => e.class === name);
  if (!entry) {
    const known = answer.map((e) => e.class).join(', ');
    throw new AppError('INVALID_ARGUMENT', `This model has no class "${name}"; it knows ${known}`);
  }
  return entry.probability;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
}
