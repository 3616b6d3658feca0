import { scalePixels, type Preprocessing } from '../../../common/preprocessing.js';
import { forEachBounded } from '../platform/concurrency.js';
import { decodeForModel } from './decode.js';

/**
 * Decodes images (each read when its turn comes, from a folder or a zip) into one float batch
 * buffer ([n, height, width, 3], model-ready values), a few at a time.
 */
export async function decodeImagesForModel(
  readers: readonly (() => Promise<Uint8Array>)[],
  preprocessing: Preprocessing,
  concurrency = 4,
): Promise<Float32Array> {
  const pixelsPerImage = preprocessing.width * preprocessing.height * 3;
  const batch = new Float32Array(readers.length * pixelsPerImage);
  await forEachBounded(readers.entries(), concurrency, async ([index, read]) => {
    const image = await decodeForModel(await read(), preprocessing);
    scalePixels(
      image.data,
      preprocessing,
      batch.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage),
    );
  });
  return batch;
}
