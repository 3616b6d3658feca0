import type * as tf from '../../../engine/tf.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import { createEmbedder } from '../embedding/embedder.js';
import { embedImages, type EmbedItem } from '../embedding/embedImages.js';

/** Images per inference when predicting (as when embedding); a cancel stops between batches. */
export const PREDICT_BATCH = 32;

export interface PredictOptions {
  /** Stops the work between batches with CANCELLED. */
  signal?: AbortSignal | undefined;
  /** After each batch: how many images have their probabilities, of how many. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Class probabilities for each image, with the same preprocessing training used ([n × classes]). */
export async function predictProbabilities(
  model: tf.LayersModel,
  preprocessing: Preprocessing,
  items: readonly EmbedItem[],
  options: PredictOptions = {},
): Promise<{ probabilities: Float32Array; engine: 'onnxruntime' | 'tfjs' }> {
  // The whole classifier runs like a base: the "features" it produces are the probabilities.
  const { embedder } = await createEmbedder(model);
  const { onProgress } = options;
  try {
    return {
      probabilities: await embedImages(items, {
        preprocessing,
        embedder,
        batchSize: PREDICT_BATCH,
        signal: options.signal,
        ...(onProgress ? { onProgress: (p) => onProgress(p.done, p.total) } : {}),
      }),
      engine: embedder.engine,
    };
  } finally {
    await embedder.dispose();
  }
}
