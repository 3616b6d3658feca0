/** One word of a text and where it sits (UTF-16 offsets, `end` exclusive). */
export interface TextWord {
  text: string;
  start: number;
  end: number;
}

/**
 * A word: letters, marks and digits, with inner apostrophes, hyphens and dots kept (don't,
 * well-known, 3.5), since removing half of such a word would leave a fragment no reader sees as
 * a word. Scripts written without spaces (Han, kana, Thai…) give one character per word: their
 * words cannot be told apart without a dictionary, and a character is the smallest honest unit.
 */
const WORD =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]\p{M}*|[\p{L}\p{M}\p{N}]+(?:['’.-][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * The words of a text in order, as the occlusion removes them. Punctuation and spaces are left
 * between words: they are never weighed on their own, so a "!" never ranks as a word.
 */
export function textWords(text: string): TextWord[] {
  return Array.from(text.matchAll(WORD), (match) => ({
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * The text without one word, and the spaces on one side of it, so the words around it meet with
 * one space as if it had never been typed ("a very good film" → "a good film").
 */
export function withoutWord(text: string, word: TextWord): string {
  const before = text.slice(0, word.start);
  const after = text.slice(word.end);
  const trailing = /^\s+/u.exec(after)?.[0].length ?? 0;
  if (trailing > 0 && before !== '' && !/\s$/u.test(before)) return before + after;
  if (trailing > 0) return before + after.slice(trailing);
  return before.replace(/\s+$/u, '') + after;
}
