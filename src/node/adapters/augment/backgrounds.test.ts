import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { mobilenetPreprocessing, type Preprocessing } from '../../../common/preprocessing.js';
import { decodeForModel, type RgbImage } from '../image/decode.js';
import {
  backgroundColour,
  decodeOnBackground,
  extraBackgrounds,
  hasTransparency,
} from './backgrounds.js';

/**
 * A 320×240 sticker as drawing apps save them: a transparent background whose hidden colour is
 * white, a fully opaque red disc in the middle, and a 40%-opaque blue band along the top.
 */
async function sticker(): Promise<Buffer> {
  const width = 320;
  const height = 240;
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const inDisc = (x - 160) ** 2 + (y - 120) ** 2 < 80 ** 2;
      const inBand = y < 30;
      const [r, g, b, a] = inDisc
        ? [220, 20, 20, 255]
        : inBand
          ? [20, 20, 220, 102]
          : [255, 255, 255, 0];
      rgba.set([r, g, b, a], p);
    }
  }
  return sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

/** A model recorded with a canvas's reading of transparency, which gives the black backgrounds set against. */
const preprocessing: Preprocessing = { ...mobilenetPreprocessing(96), transparency: 'canvas' };

function pixel(image: RgbImage, x: number, y: number): number[] {
  const p = (y * image.width + x) * 3;
  return Array.from(image.data.subarray(p, p + 3));
}

describe('background views of transparent images', () => {
  it('shows transparent pixels on the background and leaves opaque ones as the model sees them', async () => {
    const png = await sticker();
    const canvas = await decodeForModel(png, preprocessing);
    const grey = await decodeOnBackground(png, preprocessing, [128, 128, 128]);
    const white = await decodeOnBackground(png, preprocessing, [255, 255, 255]);
    expect([grey.width, grey.height]).toEqual([96, 96]);
    // A corner below the band: transparent, so black on the canvas, the background here.
    expect(pixel(canvas, 2, 90)).toEqual([0, 0, 0]);
    expect(pixel(grey, 2, 90)).toEqual([128, 128, 128]);
    expect(pixel(white, 2, 90)).toEqual([255, 255, 255]);
    // The disc's centre is opaque: the same on every background.
    expect(pixel(grey, 48, 48)).toEqual(pixel(canvas, 48, 48));
    expect(pixel(white, 48, 48)).toEqual(pixel(canvas, 48, 48));
    // The 40% band blends with the background: bluer than the background, unlike either alone.
    const band = pixel(white, 2, 2);
    expect(band[2]).toBeGreaterThan(band[0] ?? 255);
    expect(band[0]).toBeGreaterThan(100);
    expect(band[0]).toBeLessThan(255);
  });

  it('finds transparency only where a pixel is not fully opaque', async () => {
    expect(await hasTransparency(await sticker())).toBe(true);
    const opaque = Buffer.alloc(64 * 48 * 4, 255);
    const opaqueRgba = await sharp(opaque, { raw: { width: 64, height: 48, channels: 4 } })
      .png()
      .toBuffer();
    expect(await hasTransparency(opaqueRgba)).toBe(false);
    const jpeg = await sharp(await sticker())
      .flatten()
      .jpeg()
      .toBuffer();
    expect(await hasTransparency(jpeg)).toBe(false);
  });

  it('draws the same colour for the same image and others for other images', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(backgroundColour('colour', a)).toEqual(backgroundColour('colour', a));
    expect(backgroundColour('colour', a)).not.toEqual(backgroundColour('colour', b));
    expect(backgroundColour('white', a)).toEqual([255, 255, 255]);
    expect(backgroundColour('grey', b)).toEqual([128, 128, 128]);
    expect(backgroundColour('black', b)).toEqual([0, 0, 0]);
  });

  it('leaves out the background the model’s own decoding gives transparent pixels', () => {
    const flattened = mobilenetPreprocessing(224);
    expect(extraBackgrounds(flattened)).toEqual(['black', 'grey', 'colour']);
    expect(extraBackgrounds({ ...flattened, transparency: 'canvas' })).toEqual([
      'white',
      'grey',
      'colour',
    ]);
    expect(extraBackgrounds({ ...flattened, alphaBackground: [128, 128, 128] })).toEqual([
      'black',
      'white',
      'colour',
    ]);
  });
});
