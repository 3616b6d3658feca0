import { SentencePieceTokenizer, type VocabularyEntry } from '../text/sentencePiece.js';

/**
 * The pieces the Universal Sentence Encoder's vocabulary starts with: unknown, start, end and
 * three unused ids. A test vocabulary keeps them so its own pieces get ids from 6, as there.
 */
export const RESERVED_PIECES: readonly VocabularyEntry[] = [
  ['<unk>', 0],
  ['<s>', 0],
  ['</s>', 0],
  ['x1', 0],
  ['x2', 0],
  ['x3', 0],
];

/** A tokenizer over the reserved pieces and `pieces`, which get ids 6, 7, … in order. */
export function smallTokenizer(pieces: readonly VocabularyEntry[]): SentencePieceTokenizer {
  return new SentencePieceTokenizer([...RESERVED_PIECES, ...pieces]);
}
