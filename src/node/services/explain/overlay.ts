import sharp from 'sharp';
import { decodeImage, type RgbImage } from '../../adapters/image/decode.js';
import type { HeatmapSampler } from './heatmapGeometry.js';

export interface OverlayOptions {
  /** Longest side of the overlay in pixels; larger images are scaled down first. Default 1024. */
  maxSide?: number;
}

/**
 * The image with its heatmap laid over it as a PNG: cold (blue) where the map is 0, hot (red)
 * where it is 1, more opaque where hotter, so the picture stays readable where the model did not
 * look and the hot region stands out at a glance.
 */
export async function renderOverlay(
  image: Uint8Array,
  sample: HeatmapSampler,
  options: OverlayOptions = {},
): Promise<Buffer> {
  const decoded = await decodeImage(image);
  const shown = await fitWithin(decoded, options.maxSide ?? 1024);
  const scaleX = decoded.width / shown.width;
  const scaleY = decoded.height / shown.height;
  const out = new Uint8Array(shown.width * shown.height * 3);
  for (let y = 0; y < shown.height; y++) {
    for (let x = 0; x < shown.width; x++) {
      const value = sample((x + 0.5) * scaleX, (y + 0.5) * scaleY);
      const [r, g, b] = heatColour(value);
      const alpha = 0.25 + 0.45 * value;
      const p = (y * shown.width + x) * 3;
      out[p] = blend(shown.data[p] ?? 0, r, alpha);
      out[p + 1] = blend(shown.data[p + 1] ?? 0, g, alpha);
      out[p + 2] = blend(shown.data[p + 2] ?? 0, b, alpha);
    }
  }
  return sharp(out, { raw: { width: shown.width, height: shown.height, channels: 3 } })
    .png()
    .toBuffer();
}

async function fitWithin(image: RgbImage, maxSide: number): Promise<RgbImage> {
  if (Math.max(image.width, image.height) <= maxSide) return image;
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(maxSide, maxSide, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** A jet-like ramp: blue, cyan, green, yellow, red. */
export function heatColour(value: number): [number, number, number] {
  const v = Math.min(Math.max(value, 0), 1);
  const channel = (centre: number) =>
    Math.round(255 * Math.min(Math.max(1.5 - Math.abs(4 * v - centre), 0), 1));
  return [channel(3), channel(2), channel(1)];
}

function blend(under: number, over: number, alpha: number): number {
  return Math.round(under * (1 - alpha) + over * alpha);
}
