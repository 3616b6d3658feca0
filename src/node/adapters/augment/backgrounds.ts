import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Preprocessing, Rgb } from '../../../common/preprocessing.js';
import { seededRandom } from '../../../common/random.js';
import { decodeForModel, type RgbImage } from '../image/decode.js';

/**
 * The backgrounds transparent images can be shown on. `colour` is drawn per image from its hash,
 * so a view is the same on every run and can be cached.
 */
export const BACKGROUNDS = ['black', 'white', 'grey', 'colour'] as const;
export type Background = (typeof BACKGROUNDS)[number];

const FIXED: Partial<Record<Background, Rgb>> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  grey: [128, 128, 128],
};

/**
 * The backgrounds a transparent image is also shown on for a model that decodes with
 * `preprocessing`: every one but the colour its own decoding already gives fully transparent
 * pixels (black for a canvas, the flatten colour otherwise), which would only repeat the image.
 */
export function extraBackgrounds(preprocessing: Preprocessing): Background[] {
  const own = preprocessing.transparency === 'canvas' ? [0, 0, 0] : preprocessing.alphaBackground;
  return BACKGROUNDS.filter((background) => {
    const colour = FIXED[background];
    return !colour || colour.some((value, i) => value !== own[i]);
  });
}

/** The colour of `background` for the image with this hash. */
export function backgroundColour(background: Background, sha256: string): Rgb {
  const fixed = FIXED[background];
  if (fixed) return fixed;
  const random = seededRandom(createHash('sha256').update(`${sha256}:bg`).digest().readUInt32LE(0));
  return [0, 0, 0].map(() => Math.floor(random() * 256)) as Rgb;
}

/**
 * Whether the image has pixels that are not fully opaque. The header answers for formats
 * without an alpha channel (JPEG, most photos), so only images that may be transparent are
 * decoded to look.
 */
export async function hasTransparency(bytes: Uint8Array): Promise<boolean> {
  const open = () => sharp(bytes, { pages: 1, limitInputPixels: false });
  const { hasAlpha } = await open().metadata();
  if (!hasAlpha) return false;
  const { isOpaque } = await open().stats();
  return !isOpaque;
}

/**
 * The image at the model's size composited onto `colour` (transparent pixels show it, partly
 * transparent ones blend with it), with every other preprocessing step as the model records it.
 */
export async function decodeOnBackground(
  bytes: Uint8Array,
  preprocessing: Preprocessing,
  colour: Rgb,
): Promise<RgbImage> {
  return decodeForModel(bytes, {
    ...preprocessing,
    transparency: 'flatten',
    alphaBackground: colour,
  });
}
