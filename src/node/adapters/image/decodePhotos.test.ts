import { describe, expect, it } from 'vitest';
import sharp, { type Sharp } from 'sharp';
import { mobilenetPreprocessing, type Preprocessing } from '../../../common/preprocessing.js';
import { decodeForModel, type RgbImage } from './decode.js';

// JPEGs skip the alpha steps of the canvas path (they cannot hold alpha). These tests hold the
// shortcut to the pixels the full canvas path gives, on photo-sized files of every JPEG flavour.

const QUADRANTS = [
  [200, 40, 40],
  [40, 190, 60],
  [50, 60, 200],
  [235, 235, 235],
] as const;

/**
 * A `width`×`height` RGB picture: one colour per quadrant (top-left, top-right, bottom-left,
 * bottom-right) with a fine texture on top, so resampling has edges and detail to work on.
 */
function photoPixels(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const quadrant = (y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1);
      const texture = (((x * 7) ^ (y * 13)) & 31) - 16;
      const colour = QUADRANTS[quadrant] ?? QUADRANTS[0];
      for (let c = 0; c < 3; c++) {
        const value = (colour[c] ?? 0) + texture;
        pixels[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, value));
      }
    }
  }
  return pixels;
}

function picture(width: number, height: number): Sharp {
  return sharp(photoPixels(width, height), { raw: { width, height, channels: 3 } });
}

/**
 * A 4000×3000 JPEG as a phone writes a portrait photo: pixels stored on their side, EXIF
 * orientation 6 ("rotate 90° clockwise to display"). Displayed, it is 3000×4000 with the quadrants
 * where `photoPixels` put them.
 */
async function portraitOnItsSide(): Promise<Buffer> {
  const displayed = await picture(3000, 4000).raw().toBuffer();
  return sharp(displayed, { raw: { width: 3000, height: 4000, channels: 3 } })
    .rotate(270)
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

function largestDifference(a: RgbImage, b: RgbImage): number {
  expect([a.width, a.height, a.data.length]).toEqual([b.width, b.height, b.data.length]);
  let largest = 0;
  for (let i = 0; i < a.data.length; i++)
    largest = Math.max(largest, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
  return largest;
}

async function bothPaths(input: Buffer, preprocessing: Preprocessing) {
  return {
    shortcut: await decodeForModel(input, preprocessing),
    reference: await decodeForModel(input, preprocessing, { opaqueShortcut: false }),
  };
}

function pixelAt(image: RgbImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * 3;
  return [...image.data.subarray(at, at + 3)];
}

/** The canvas path (models recorded with `transparency: 'canvas'`), which the shortcut skips. */
const model: Preprocessing = { ...mobilenetPreprocessing(224), transparency: 'canvas' };

describe('decodeForModel on photo-sized JPEGs', () => {
  it('applies EXIF orientation to a 4000×3000 camera JPEG, and matches the canvas path exactly', async () => {
    const jpeg = await portraitOnItsSide();
    expect(await sharp(jpeg).metadata()).toMatchObject({ width: 4000, height: 3000 });
    const { shortcut, reference } = await bothPaths(jpeg, model);
    expect(largestDifference(shortcut, reference)).toBe(0);
    // Centre-cropped from the upright 3000×4000 picture, each quadrant keeps its corner.
    for (const [quadrant, [x, y]] of [
      [56, 56],
      [168, 56],
      [56, 168],
      [168, 168],
    ].entries()) {
      const seen = pixelAt(shortcut, x ?? 0, y ?? 0);
      const painted = QUADRANTS[quadrant] ?? [];
      seen.forEach((value, c) => expect(Math.abs(value - (painted[c] ?? 0))).toBeLessThan(30));
    }
  });

  it.each([
    ['baseline 4:2:0', (s: Sharp) => s.jpeg({ quality: 88 })],
    ['progressive', (s: Sharp) => s.jpeg({ quality: 88, progressive: true })],
    ['4:4:4', (s: Sharp) => s.jpeg({ quality: 95, chromaSubsampling: '4:4:4' })],
    ['greyscale', (s: Sharp) => s.greyscale().jpeg({ quality: 90 })],
  ])('a %s 1200×900 JPEG gives the canvas path’s pixels exactly', async (_name, encode) => {
    const jpeg = await encode(picture(1200, 900)).toBuffer();
    for (const preprocessing of [model, { ...model, resize: 'pad' as const }]) {
      const { shortcut, reference } = await bothPaths(jpeg, preprocessing);
      expect(largestDifference(shortcut, reference)).toBe(0);
    }
  });

  it('a CMYK JPEG is converted to sRGB as on the canvas path', async () => {
    const jpeg = await picture(1200, 900).toColourspace('cmyk').jpeg({ quality: 90 }).toBuffer();
    expect((await sharp(jpeg).metadata()).space).toBe('cmyk');
    const { shortcut, reference } = await bothPaths(jpeg, model);
    expect(largestDifference(shortcut, reference)).toBe(0);
    const [r, g, b] = pixelAt(shortcut, 56, 56);
    expect(r).toBeGreaterThan((g ?? 0) + 80);
    expect(r).toBeGreaterThan((b ?? 0) + 80);
  });

  it('a greyscale PNG still takes the canvas path and reads as three equal channels', async () => {
    const png = await picture(1200, 900).greyscale().png().toBuffer();
    const { shortcut, reference } = await bothPaths(png, model);
    expect(largestDifference(shortcut, reference)).toBe(0);
    const [r, g, b] = pixelAt(shortcut, 100, 100);
    expect([g, b]).toEqual([r, r]);
  });

  it('a PNG with transparent pixels still reads black there, as a canvas gives it', async () => {
    const width = 1200;
    const height = 900;
    const rgba = Buffer.alloc(width * height * 4);
    photoPixels(width, height).forEach((value, i) => {
      rgba[Math.floor(i / 3) * 4 + (i % 3)] = value;
    });
    // The left half is opaque, the right half fully transparent.
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width / 2; x++) rgba[(y * width + x) * 4 + 3] = 255;
    const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    const image = await decodeForModel(png, model);
    expect(pixelAt(image, 200, 112)).toEqual([0, 0, 0]);
    expect(pixelAt(image, 20, 40)[0]).toBeGreaterThan(150);
  });
});
