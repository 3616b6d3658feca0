/**
 * SentencePiece unigram tokenizer for the Universal Sentence Encoder lite vocabulary: the most
 * likely split of a text into vocabulary pieces (Viterbi over a lattice of prefix matches).
 *
 * It reproduces the TF.js reference tokenizer id for id, including two of its choices that plain
 * SentencePiece does not make, because the published model is used through that tokenizer:
 * a best score of exactly 0 counts as "nothing yet" (so a later candidate always replaces it), and
 * ties go to the candidate that starts later.
 *
 * The exported text loader (src/node/services/export/textClassifierSource.ts) carries this class
 * and the functions below as source text (their `toString()`), so they use nothing but each other
 * and this file's constants: no imports, nothing TypeScript turns into a helper.
 */

/** One vocabulary line: the piece and its log probability (some published vocabularies hold null). */
export type VocabularyEntry = readonly [piece: string, score: number | null];

/** Marks a word start; spaces become this character before matching. */
export const WORD_BOUNDARY = '\u2581';
export const UNKNOWN_ID = 0;
/** Unknown, <s>, </s> and three extra ids never match text. */
export const RESERVED_PIECES = 6;

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Set when a piece ends at this node. */
  piece?: { id: number; score: number };
}

interface Candidate {
  id: number;
  score: number;
  /** Length in code points. */
  length: number;
}

export class SentencePieceTokenizer {
  private readonly root: TrieNode = { children: new Map() };

  constructor(
    readonly vocabulary: readonly VocabularyEntry[],
    reservedPieces = RESERVED_PIECES,
  ) {
    for (let id = reservedPieces; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id] as VocabularyEntry;
      this.insert(piece, score ?? 0, id);
    }
  }

  get size(): number {
    return this.vocabulary.length;
  }

  /** Ids of the most likely pieces; runs of unknown characters collapse to one unknown id. */
  encode(text: string): number[] {
    const symbols = [...prepareText(text)];
    const count = symbols.length;
    const best = new Float64Array(count + 1);
    const bestId = new Int32Array(count + 1);
    const bestStart = new Int32Array(count + 1);
    const endingAt = candidatesByEnd(symbols, (start) => this.matchesAt(symbols, start));
    for (let end = 1; end <= count; end++) {
      for (const { start, candidate } of endingAt[end] ?? []) {
        const score = candidate.score + (best[start] as number);
        if (best[end] === 0 || score >= (best[end] as number)) {
          best[end] = score;
          bestId[end] = candidate.id;
          bestStart[end] = start;
        }
      }
    }
    const ids: number[] = [];
    for (let end = count; end > 0; end = bestStart[end] as number) ids.push(bestId[end] as number);
    ids.reverse();
    return collapseUnknownRuns(ids);
  }

  private insert(piece: string, score: number, id: number): void {
    let node = this.root;
    for (const symbol of piece) {
      let child = node.children.get(symbol);
      if (!child) {
        child = { children: new Map() };
        node.children.set(symbol, child);
      }
      node = child;
    }
    // A piece listed twice keeps its last line, as the reference does.
    node.piece = { id, score };
  }

  /** Every piece that starts at `start`, shortest first; the unknown piece when none does. */
  private matchesAt(symbols: readonly string[], start: number): Candidate[] {
    const found: Candidate[] = [];
    let node: TrieNode | undefined = this.root;
    for (let at = start; at < symbols.length; at++) {
      node = node.children.get(symbols[at] as string);
      if (!node) break;
      if (node.piece) found.push({ ...node.piece, length: at - start + 1 });
    }
    return found.length > 0 ? found : [{ id: UNKNOWN_ID, score: 0, length: 1 }];
  }
}

/** NFKC, then a word boundary before the text and in place of every space. */
export function prepareText(text: string): string {
  const normalized = text.normalize('NFKC');
  return normalized.length === 0 ? '' : WORD_BOUNDARY + normalized.replaceAll(' ', WORD_BOUNDARY);
}

/** Lattice edges grouped by end position, each group ordered by start (earliest first). */
export function candidatesByEnd(
  symbols: readonly string[],
  matchesAt: (start: number) => Candidate[],
): Array<Array<{ start: number; candidate: Candidate }> | undefined> {
  const endingAt: Array<Array<{ start: number; candidate: Candidate }> | undefined> = [];
  for (let start = 0; start < symbols.length; start++) {
    for (const candidate of matchesAt(start)) {
      const end = start + candidate.length;
      (endingAt[end] ??= []).push({ start, candidate });
    }
  }
  return endingAt;
}

export function collapseUnknownRuns(ids: readonly number[]): number[] {
  return ids.filter((id, index) => !(id === UNKNOWN_ID && ids[index - 1] === UNKNOWN_ID));
}
