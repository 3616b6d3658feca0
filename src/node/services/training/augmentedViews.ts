import { createHash } from 'node:crypto';
import type * as tf from '../../../engine/tf.js';
import type { ImportedImage } from '../../../common/dataset.js';
import type { Augmentation } from '../../../common/training.js';
import { augmentImage, viewParameters } from '../../adapters/augment/augmentImage.js';
import { embedSplit, type EmbedSplitInput } from './embedSplit.js';

/** Features of each augmented view of the training images (validation images are never altered). */
export async function augmentedViews(
  embedding: tf.LayersModel,
  images: ImportedImage[],
  augmentation: Augmentation,
  common: Omit<EmbedSplitInput, 'model' | 'images' | 'view'>,
): Promise<Float32Array[]> {
  const tag = createHash('sha256').update(JSON.stringify(augmentation)).digest('hex').slice(0, 12);
  const views: Float32Array[] = [];
  for (let view = 1; view <= augmentation.views; view++) {
    const embedded = await embedSplit({
      ...common,
      model: embedding,
      images,
      view: `aug:${tag}:${view}`,
      transform: (image, index) =>
        augmentImage(image, viewParameters(augmentation, images[index]?.sha256 ?? '', view)),
    });
    views.push(embedded.values);
  }
  return views;
}

/** The parts one after another in one array. */
export function concatenate(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
