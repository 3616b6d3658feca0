import { scalePixels } from '../../../common/preprocessing.js';
import { seededRandom } from '../../../common/random.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { withRecordedImages } from '../dataset/recordedImages.js';
import { decodeForModel } from '../../adapters/image/decode.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
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
  signal?: AbortSignal,
): Promise<ProbeInputs> {
  const { preprocessing } = metadata;
  const perImage = preprocessing.width * preprocessing.height * 3;
  const refs = metadata.validationImages;
  const images = refs
    ? await withRecordedImages(refs.dataset, async (recorded) => {
        const decoded: Uint8Array[] = [];
        for (const path of refs.paths) {
          if (decoded.length >= limit) break;
          throwIfAborted(signal);
          const bytes = await recorded.read(path);
          if (bytes) decoded.push((await decodeForModel(bytes, preprocessing)).data);
        }
        return decoded;
      })
    : [];
  if (images.length > 0) {
    const data = new Float32Array(images.length * perImage);
    images.forEach((pixels, i) =>
      scalePixels(pixels, preprocessing, data.subarray(i * perImage, (i + 1) * perImage)),
    );
    return {
      data,
      shape: [images.length, preprocessing.height, preprocessing.width, 3],
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
