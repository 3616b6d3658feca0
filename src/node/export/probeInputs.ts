import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scalePixels } from '../../common/preprocessing.js';
import { seededRandom } from '../../common/random.js';
import type { TrainedModelMetadata } from '../../common/trainedModel.js';
import { decodeForModel } from '../image/decode.js';
import type { Parity } from './parity.js';

export interface ProbeInputs {
  data: Float32Array;
  shape: [number, number, number, number];
  kind: Parity['inputs'];
}

/**
 * The inputs an export is checked on: the model's own validation images when they are still on
 * disk (at most `limit`), otherwise seeded random images in the model's input range.
 */
export async function probeInputs(
  metadata: TrainedModelMetadata,
  limit = 200,
): Promise<ProbeInputs> {
  const { preprocessing } = metadata;
  const perImage = preprocessing.width * preprocessing.height * 3;
  const refs = metadata.validationImages;
  const paths = refs
    ? refs.paths
        .slice(0, limit)
        .map((p) => join(refs.dataset, p))
        .filter((p) => existsSync(p))
    : [];
  if (paths.length > 0) {
    const data = new Float32Array(paths.length * perImage);
    for (const [i, path] of paths.entries()) {
      const image = await decodeForModel(await readFile(path), preprocessing);
      scalePixels(image.data, preprocessing, data.subarray(i * perImage, (i + 1) * perImage));
    }
    return {
      data,
      shape: [paths.length, preprocessing.height, preprocessing.width, 3],
      kind: 'validation images',
    };
  }
  const count = 16;
  const random = seededRandom(99);
  const pixels = Uint8Array.from({ length: count * perImage }, () => Math.floor(random() * 256));
  return {
    data: scalePixels(pixels, preprocessing),
    shape: [count, preprocessing.height, preprocessing.width, 3],
    kind: 'random images',
  };
}
