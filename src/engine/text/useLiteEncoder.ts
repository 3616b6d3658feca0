import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import { meanOfEachText, textWindows, type TextWindows } from './longText.js';
import { UNKNOWN_ID, type SentencePieceTokenizer } from './sentencePiece.js';
import type { TextEncoderInfo } from './textEncoders.js';

/** The graph's two inputs: a sparse [texts, pieces] matrix of piece ids, row by row. */
export interface SparseTextInputs {
  /** [row, position] pairs, flattened. */
  indices: Int32Array;
  values: Int32Array;
  denseShape: [number, number];
}

/** Builds the sparse input the graph expects from each text's piece ids. */
export function toSparseInputs(idLists: readonly (readonly number[])[]): SparseTextInputs {
  const total = idLists.reduce((sum, ids) => sum + ids.length, 0);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let at = 0;
  let longest = 0;
  idLists.forEach((ids, row) => {
    longest = Math.max(longest, ids.length);
    ids.forEach((id, position) => {
      indices[at * 2] = row;
      indices[at * 2 + 1] = position;
      values[at] = id;
      at++;
    });
  });
  return { indices, values, denseShape: [idLists.length, longest] };
}

/**
 * The Universal Sentence Encoder lite: texts in, one unit-length embedding per text out; a long
 * text is read in windows (longText.ts). The graph derives the batch size from the largest row
 * index, so a text with no pieces would silently shift or drop rows; such a text is read as a
 * single unknown piece instead.
 */
export class UseLiteEncoder {
  constructor(
    private readonly model: tf.GraphModel,
    readonly tokenizer: SentencePieceTokenizer,
    readonly info: TextEncoderInfo,
  ) {}

  get embeddingSize(): number {
    return this.info.embeddingSize;
  }

  /** The windows of piece ids the encoder reads for `text`. */
  tokenize(text: string): TextWindows {
    return textWindows(text, (part) => this.tokenizer.encode(part), this.info.reading, UNKNOWN_ID);
  }

  /** Embeddings of `texts`, `embeddingSize` floats per text in order. */
  async embed(texts: readonly string[]): Promise<Float32Array> {
    const windowsOf = texts.map((text) => this.tokenize(text).windows);
    const vectors = await this.embedIds(windowsOf.flat());
    return meanOfEachText(
      vectors,
      windowsOf.map((windows) => windows.length),
      this.embeddingSize,
    );
  }

  /** Frees the graph's weights (about 28 MB of tensors). */
  dispose(): void {
    this.model.dispose();
  }

  /** One embedding per list of piece ids (one window each), as the graph gives them. */
  async embedIds(idLists: readonly (readonly number[])[]): Promise<Float32Array> {
    if (idLists.length === 0) return new Float32Array(0);
    if (idLists.some((ids) => ids.length === 0)) {
      throw new AppError('INVALID_ARGUMENT', 'Every text needs at least one piece to embed');
    }
    const sparse = toSparseInputs(idLists);
    const inputs = {
      indices: tf.tensor2d(sparse.indices, [sparse.values.length, 2], 'int32'),
      values: tf.tensor1d(sparse.values, 'int32'),
    };
    try {
      const output = (await this.model.executeAsync(inputs)) as tf.Tensor;
      let data: Float32Array;
      try {
        data = (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
      if (data.length !== idLists.length * this.embeddingSize) {
        throw new AppError(
          'INTERNAL',
          `The text encoder returned ${data.length} values for ${idLists.length} texts`,
        );
      }
      return data;
    } finally {
      tf.dispose([inputs.indices, inputs.values]);
    }
  }
}
