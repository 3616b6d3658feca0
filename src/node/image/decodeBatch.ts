import { readFile } from 'node:fs/promises';
import { scalePixels, type Preprocessing } from '../../common/preprocessing.js';
import { forEachBounded } from '../concurrency.js';
import { decodeForModel } from './decode.js';

/**
 * Decodes image files into one float batch buffer ([n, height, width, 3], model-ready values),
 * a few files at a time.
 */
export async function decodeFilesForModel(
  paths: readonly string[],
  preprocessing: Preprocessing,
  concurrency = 4,
): Promise<Float32Array> {
  const pixelsPerImage = preprocessing.width * preprocessing.height * 3;
  const batch = new Float32Array(paths.length * pixelsPerImage);
  await forEachBounded(paths.entries(), concurrency, async ([index, path]) => {
    const image = await decodeForModel(await readFile(path), preprocessing);
    scalePixels(
      image.data,
      preprocessing,
      batch.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage),
    );
  });
  return batch;
}
