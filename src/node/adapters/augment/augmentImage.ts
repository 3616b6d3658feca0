import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { seededRandom } from '../../../common/random.js';
import type { Augmentation } from '../../../common/training.js';
import type { RgbImage } from '../image/decode.js';

export interface ViewParameters {
  flip: boolean;
  rotation: number;
  zoom: number;
  brightness: number;
  contrast: number;
}

/** The alterations of view `view` of the image with this hash: fixed, so views can be cached. */
export function viewParameters(
  augmentation: Augmentation,
  sha256: string,
  view: number,
): ViewParameters {
  const seed = createHash('sha256').update(`${sha256}:${view}`).digest().readUInt32LE(0);
  const random = seededRandom(seed);
  const symmetric = (max: number) => (random() * 2 - 1) * max;
  return {
    flip: augmentation.flip && random() < 0.5,
    rotation: symmetric(augmentation.rotation),
    zoom: random() * augmentation.zoom,
    brightness: symmetric(augmentation.brightness),
    contrast: symmetric(augmentation.contrast),
  };
}

/**
 * Applies a view to a model-sized image: flip, rotation about the centre (corners filled from the
 * image's mean colour), zoom by cropping the centre back to size, then brightness and contrast.
 */
export async function augmentImage(image: RgbImage, view: ViewParameters): Promise<RgbImage> {
  const { width, height } = image;
  const mean = meanColour(image.data);
  let pipeline = sharp(image.data, { raw: { width, height, channels: 3 } });
  if (view.flip) pipeline = pipeline.flop();
  if (view.rotation !== 0)
    pipeline = pipeline.rotate(view.rotation, {
      background: { r: mean[0], g: mean[1], b: mean[2] },
    });
  const rotated = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const keep = 1 - view.zoom;
  const cropW = Math.max(1, Math.round(width * keep));
  const cropH = Math.max(1, Math.round(height * keep));
  const left = Math.floor((rotated.info.width - cropW) / 2);
  const top = Math.floor((rotated.info.height - cropH) / 2);
  const resized = await sharp(rotated.data, {
    raw: { width: rotated.info.width, height: rotated.info.height, channels: 3 },
  })
    .extract({ left, top, width: cropW, height: cropH })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return { data: adjustTone(new Uint8Array(resized), view, mean), width, height };
}

/**
 * The image mirrored left to right, pixel for pixel (no resampling): the `augmentation.mirror`
 * view, for classes a mirror image does not change.
 */
export function mirrorImage(image: RgbImage): RgbImage {
  const { data, width, height } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const from = row + x * 3;
      const to = row + (width - 1 - x) * 3;
      out[to] = data[from] ?? 0;
      out[to + 1] = data[from + 1] ?? 0;
      out[to + 2] = data[from + 2] ?? 0;
    }
  }
  return { data: out, width, height };
}

function meanColour(data: Uint8Array): [number, number, number] {
  const sums = [0, 0, 0];
  for (let i = 0; i < data.length; i++) sums[i % 3] = (sums[i % 3] ?? 0) + (data[i] ?? 0);
  const pixels = data.length / 3;
  return sums.map((s) => Math.round(s / pixels)) as [number, number, number];
}

function adjustTone(
  data: Uint8Array,
  view: ViewParameters,
  mean: [number, number, number],
): Uint8Array {
  const gain = 1 + view.contrast;
  const shift = view.brightness * 255;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const centre = mean[i % 3] ?? 128;
    out[i] = Math.min(
      255,
      Math.max(0, Math.round(((data[i] ?? 0) - centre) * gain + centre + shift)),
    );
  }
  return out;
}
