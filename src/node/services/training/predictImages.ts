import type * as tf from '../../../engine/tf.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import { createEmbedder } from '../embedding/embedder.js';
import { embedImages, type EmbedItem } from '../embedding/embedImages.js';

/** Class probabilities for each image, with the same preprocessing training used ([n × classes]). */
export async function predictProbabilities(
  model: tf.LayersModel,
  preprocessing: Preprocessing,
  items: readonly EmbedItem[],
  signal?: AbortSignal,
): Promise<{ probabilities: Float32Array; engine: 'onnxruntime' | 'tfjs' }> {
  // The whole classifier runs like a base: the "features" it produces are the probabilities.
  const { embedder } = await createEmbedder(model);
  try {
    return {
      probabilities: await embedImages(items, { preprocessing, embedder, signal }),
      engine: embedder.engine,
    };
  } finally {
    await embedder.dispose();
  }
}
