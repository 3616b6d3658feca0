import { describe, expect, it } from 'vitest';
import { smallTokenizer } from '../testing/smallVocabulary.js';
import { prepareText } from './sentencePiece.js';

describe('SentencePieceTokenizer on a small vocabulary', () => {
  it('picks the split with the highest total score, not the longest first piece', () => {
    // ▁ab + c scores -7, ▁a + bc scores -4: Viterbi must find the second.
    const t = smallTokenizer([
      ['▁ab', -5],
      ['c', -2],
      ['▁a', -2],
      ['bc', -2],
      ['▁', -9],
      ['a', -9],
      ['b', -9],
    ]);
    const ids = t.encode('abc');
    expect(ids.map((id) => t.vocabulary[id]?.[0])).toEqual(['▁a', 'bc']);
  });

  it('marks word starts and reads characters it does not know as one unknown piece', () => {
    const t = smallTokenizer([
      ['▁hi', -1],
      ['▁', -3],
    ]);
    expect(t.encode('hi ??? hi')).toEqual([6, 7, 0, 6]);
  });

  it('normalises with NFKC before matching', () => {
    expect(prepareText('ﬁ ①')).toBe('▁fi▁1');
    expect(prepareText('')).toBe('');
  });

  it('never matches the reserved pieces', () => {
    const t = smallTokenizer([['▁', -1]]);
    expect(t.encode('<s>')).toEqual([6, 0]);
  });
});
