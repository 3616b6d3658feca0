import type { ResponseOf } from '../../src/common/contract/contract.js';

export type TextExplanation = ResponseOf<'model.explainText'>;
type WeighedWord = TextExplanation['words'][number];

/** A stretch of the shown text: a weighed word (with its score) or what lies between words. */
export interface LookedPiece {
  text: string;
  /** Absent: punctuation, spaces, or a word past the weighed ones. */
  score?: number;
  /** How strongly to tint it, 0 (not at all) to 1 (the strongest the scale shows). */
  strength: number;
}

/**
 * The change (in probability) that gets the full tint. A text whose words barely matter keeps
 * pale tints instead of having its largest speck of a change look as strong as a decisive word.
 */
export const FULL_TINT_CHANGE = 0.05;

/** The scale of a text's tints: its largest change, or `FULL_TINT_CHANGE` if none is larger. */
export function tintScale(words: readonly WeighedWord[]): number {
  return words.reduce((scale, w) => Math.max(scale, Math.abs(w.score)), FULL_TINT_CHANGE);
}

/**
 * The whole text cut into pieces at the weighed words, in order, so it reads as typed with each
 * weighed word marked. Words whose offsets do not fit the text (an answer about another text)
 * are left unmarked rather than cutting the text wrongly.
 */
export function lookedPieces(text: string, words: readonly WeighedWord[]): LookedPiece[] {
  const scale = tintScale(words);
  const pieces: LookedPiece[] = [];
  let at = 0;
  for (const word of [...words].sort((a, b) => a.start - b.start)) {
    if (word.start < at || text.slice(word.start, word.end) !== word.text) continue;
    if (word.start > at) pieces.push({ text: text.slice(at, word.start), strength: 0 });
    pieces.push({
      text: word.text,
      score: word.score,
      strength: Math.min(1, Math.abs(word.score) / scale),
    });
    at = word.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), strength: 0 });
  return pieces;
}

/** Blue toward the class, orange away: a pair that stays apart for every common colour vision. */
const TOWARD = [33, 102, 172] as const;
const AWAY = [230, 97, 1] as const;
/** At most this much of the colour over white: dark text keeps a contrast above 7:1 on it. */
const MAX_MIX = 0.45;
/** Below this strength a word is left clear: a tint nobody can see only adds noise. */
const LEAST_SHOWN = 0.05;
/** The text colour on a tint; tints are opaque and light, so dark text reads in both themes. */
export const TINTED_TEXT = '#111';

/**
 * The background of a piece, or undefined when it stays clear: an opaque mix of white and blue
 * (toward the class) or orange (away), deeper as the word mattered more.
 */
export function pieceTint(piece: LookedPiece): string | undefined {
  if (piece.score === undefined || piece.strength < LEAST_SHOWN) return undefined;
  const mix = piece.strength * MAX_MIX;
  const [r, g, b] = (piece.score > 0 ? TOWARD : AWAY).map((c) => Math.round(255 - mix * (255 - c)));
  return `rgb(${r}, ${g}, ${b})`;
}

export const LEGEND_TOWARD = pieceTint({ text: '', score: 1, strength: 1 }) as string;
export const LEGEND_AWAY = pieceTint({ text: '', score: -1, strength: 1 }) as string;

/** A score as the percentage points the class's probability moved, signed ("+4.2", "−0.3"). */
export function points(score: number): string {
  const value = (Math.abs(score) * 100).toFixed(1);
  return `${score < 0 ? '−' : '+'}${value}`;
}

/**
 * The words that moved the class most, each way, strongest first, for the text alternative: a
 * word counts when removing it changed the probability by at least a tenth of a point.
 */
export function mostImportant(
  words: readonly WeighedWord[],
  count = 5,
): { toward: WeighedWord[]; away: WeighedWord[] } {
  const felt = words.filter((w) => Math.abs(w.score) >= 0.001);
  const strongest = (list: WeighedWord[]) =>
    list.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.start - b.start).slice(0, count);
  return {
    toward: strongest(felt.filter((w) => w.score > 0)),
    away: strongest(felt.filter((w) => w.score < 0)),
  };
}
