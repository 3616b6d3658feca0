import { createHash } from 'node:crypto';
import type * as tf from '../../../engine/tf.js';
import type { ImportedImage } from '../../../common/dataset.js';
import type { Augmentation } from '../../../common/training.js';
import { augmentImage, mirrorImage, viewParameters } from '../../adapters/augment/augmentImage.js';
import {
  extraBackgrounds,
  backgroundColour,
  decodeOnBackground,
  hasTransparency,
} from '../../adapters/augment/backgrounds.js';
import { forEachBounded } from '../../adapters/platform/concurrency.js';
import { embedSplit, type EmbedSplitInput } from './embedSplit.js';

/** One extra view's features: a row for each of `images[indices[i]]`, in that order. */
export interface ViewFeatures {
  values: Float32Array;
  indices: number[];
}

type Common = Omit<EmbedSplitInput, 'model' | 'images' | 'view'>;

/**
 * Features of each extra view of the images (validation images are altered only for a refit):
 * with `augmentation.mirror` the mirrored images, then the augmented views, then, with
 * `augmentation.backgrounds`, the transparent images composited onto each background.
 */
export async function augmentedViews(
  embedding: tf.LayersModel,
  images: ImportedImage[],
  augmentation: Augmentation,
  common: Common,
): Promise<ViewFeatures[]> {
  const tag = createHash('sha256').update(JSON.stringify(augmentation)).digest('hex').slice(0, 12);
  const all = images.map((_, i) => i);
  const views: ViewFeatures[] = [];
  if (augmentation.mirror) {
    const mirrored = await embedSplit({
      ...common,
      model: embedding,
      images,
      view: 'mirror',
      transform: async (image) => mirrorImage(image),
    });
    views.push({ values: mirrored.values, indices: all });
  }
  for (let view = 1; view <= augmentation.views; view++) {
    const embedded = await embedSplit({
      ...common,
      model: embedding,
      images,
      view: `aug:${tag}:${view}`,
      transform: (image, index) =>
        augmentImage(image, viewParameters(augmentation, images[index]?.sha256 ?? '', view)),
    });
    views.push({ values: embedded.values, indices: all });
  }
  if (augmentation.backgrounds) views.push(...(await backgroundViews(embedding, images, common)));
  return views;
}

/** The transparent images on each background (none when no image is transparent). */
async function backgroundViews(
  embedding: tf.LayersModel,
  images: ImportedImage[],
  common: Common,
): Promise<ViewFeatures[]> {
  const indices = await transparentImages(images, common);
  if (indices.length === 0) return [];
  const picked = indices.map((i) => images[i] as ImportedImage);
  const views: ViewFeatures[] = [];
  for (const background of extraBackgrounds(common.preprocessing)) {
    const embedded = await embedSplit({
      ...common,
      model: embedding,
      images: picked,
      view: `bg:${background}`,
      // Composited from the file itself: the decoded pixels the transform is given have lost alpha.
      transform: async (_, index) => {
        const image = picked[index] as ImportedImage;
        const colour = backgroundColour(background, image.sha256);
        return decodeOnBackground(
          await common.source.read(image.path),
          common.preprocessing,
          colour,
        );
      },
    });
    views.push({ values: embedded.values, indices });
  }
  return views;
}

async function transparentImages(images: ImportedImage[], common: Common): Promise<number[]> {
  const found: number[] = [];
  await forEachBounded(images.entries(), 4, async ([index, image]) => {
    if (common.signal?.aborted) return;
    if (await hasTransparency(await common.source.read(image.path))) found.push(index);
  });
  return found.sort((a, b) => a - b);
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

/** A view's rows for the images `keep` accepts (by index into the viewed images), with their labels. */
export function viewRows(
  view: ViewFeatures,
  rowSize: number,
  keep: (index: number) => boolean,
  labelOf: (index: number) => number,
): { features: Float32Array; labels: number[] } {
  const rows = view.indices.flatMap((index, row) => (keep(index) ? [row] : []));
  const features = new Float32Array(rows.length * rowSize);
  rows.forEach((row, i) =>
    features.set(view.values.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize),
  );
  return { features, labels: rows.map((row) => labelOf(view.indices[row] as number)) };
}
