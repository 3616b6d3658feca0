import { describe, expect, it } from 'vitest';
import {
  FULL_TINT_CHANGE,
  LEGEND_AWAY,
  LEGEND_TOWARD,
  lookedPieces,
  mostImportant,
  pieceTint,
  points,
  tintScale,
} from './textLooked.js';

const TEXT = 'Refund my order, please — it never arrived!';
/** Words as the engine weighs them, with offsets into TEXT. */
function weighed(scores: Record<string, number>) {
  return Object.entries(scores).map(([word, score]) => {
    const start = TEXT.indexOf(word);
    return { text: word, start, end: start + word.length, score };
  });
}

/** Relative luminance (WCAG 2) of an `rgb(r, g, b)` colour. */
function luminance(colour: string): number {
  const channels = (colour.match(/\d+/g) ?? []).map(Number).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('the text cut at its weighed words', () => {
  const words = weighed({ Refund: 0.3, my: 0.01, order: 0.12, please: -0.06, never: 0.02 });

  it('gives back the whole text, in order, with the words marked', () => {
    const pieces = lookedPieces(TEXT, words);
    expect(pieces.map((p) => p.text).join('')).toBe(TEXT);
    expect(pieces.filter((p) => p.score !== undefined).map((p) => p.text)).toEqual([
      'Refund',
      'my',
      'order',
      'please',
      'never',
    ]);
    expect(pieces.at(-1)).toEqual({ text: ' arrived!', strength: 0 });
  });

  it('tints by the largest change, and never stronger than the full-tint change', () => {
    const pieces = lookedPieces(TEXT, words);
    expect(pieces.find((p) => p.text === 'Refund')?.strength).toBe(1);
    expect(pieces.find((p) => p.text === 'order')?.strength).toBeCloseTo(0.4, 6);
    const faint = weighed({ Refund: 0.01, order: 0.005 });
    expect(tintScale(faint)).toBe(FULL_TINT_CHANGE);
    expect(lookedPieces(TEXT, faint).find((p) => p.text === 'Refund')?.strength).toBeCloseTo(
      0.2,
      6,
    );
  });

  it('leaves words unmarked whose offsets belong to another text', () => {
    const stale = [{ text: 'Refund', start: 3, end: 9, score: 0.5 }, ...weighed({ order: 0.2 })];
    const pieces = lookedPieces(TEXT, stale);
    expect(pieces.map((p) => p.text).join('')).toBe(TEXT);
    expect(pieces.filter((p) => p.score !== undefined).map((p) => p.text)).toEqual(['order']);
  });

  it('reads an empty answer as the plain text', () => {
    expect(lookedPieces(TEXT, [])).toEqual([{ text: TEXT, strength: 0 }]);
    expect(lookedPieces('', [])).toEqual([]);
  });
});

describe('tints', () => {
  it('uses blue toward the class and orange away, clear when the word hardly mattered', () => {
    const toward = pieceTint({ text: 'a', score: 0.2, strength: 1 }) ?? '';
    const away = pieceTint({ text: 'a', score: -0.2, strength: 1 }) ?? '';
    expect(toward).toBe(LEGEND_TOWARD);
    expect(away).toBe(LEGEND_AWAY);
    const [tr = 0, , tb = 0] = (toward.match(/\d+/g) ?? []).map(Number);
    const [ar = 0, , ab = 0] = (away.match(/\d+/g) ?? []).map(Number);
    expect(tb).toBeGreaterThan(tr);
    expect(ar).toBeGreaterThan(ab);
    expect(pieceTint({ text: 'a', score: 0.001, strength: 0.01 })).toBeUndefined();
    expect(pieceTint({ text: ', ', strength: 0 })).toBeUndefined();
  });

  it('keeps dark text above 7:1 contrast on the strongest tints', () => {
    const dark = luminance('rgb(17, 17, 17)');
    for (const tint of [LEGEND_TOWARD, LEGEND_AWAY]) {
      expect((luminance(tint) + 0.05) / (dark + 0.05)).toBeGreaterThan(7);
    }
  });
});

describe('the text alternative', () => {
  it('lists the words that mattered most each way, strongest first', () => {
    const words = weighed({ Refund: 0.3, my: 0.0004, order: 0.12, please: -0.06, never: -0.2 });
    const { toward, away } = mostImportant(words, 2);
    expect(toward.map((w) => w.text)).toEqual(['Refund', 'order']);
    expect(away.map((w) => w.text)).toEqual(['never', 'please']);
    expect(mostImportant(words).toward.map((w) => w.text)).not.toContain('my');
  });

  it('says a score as signed percentage points', () => {
    expect(points(0.0423)).toBe('+4.2');
    expect(points(-0.003)).toBe('−0.3');
  });
});
