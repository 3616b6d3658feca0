import { describe, expect, it } from 'vitest';
import { mobilenetPreprocessing, type Preprocessing } from '../../../common/preprocessing.js';
import * as img from '../../testing/images.js';
import { decodeForModel, decodeImage, readImageHeader } from './decode.js';

function pixel(image: { data: Uint8Array; width: number }, x: number, y: number): number[] {
  const at = (y * image.width + x) * 3;
  return [...image.data.subarray(at, at + 3)];
}

describe('decodeImage', () => {
  it.each([
    ['JPEG', () => img.makeJpeg(16, 8)],
    ['PNG', () => img.makePng(16, 8)],
    ['WebP', () => img.makeWebp(16, 8)],
    ['GIF', () => img.makeGif(16, 8)],
    ['TIFF', () => img.makeTiff(16, 8)],
    ['AVIF', () => img.makeAvif(16, 8)],
    ['CMYK JPEG', () => img.makeCmykJpeg(16, 8)],
    ['16-bit PNG', () => img.make16BitPng(16, 8)],
  ])('%s → 3-channel 8-bit sRGB', async (_name, make) => {
    const image = await decodeImage(await make());
    expect([image.width, image.height, image.data.length]).toEqual([16, 8, 16 * 8 * 3]);
    const [r, g, b] = pixel(image, 8, 4);
    // The generators paint (220, 30, 30); lossy codecs and CMYK round trips move it a little.
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(70);
    expect(b).toBeLessThan(70);
  });

  it('expands grey to three equal channels', async () => {
    const image = await decodeImage(await img.makeGreyPng(4, 4));
    expect(pixel(image, 1, 1)).toEqual([128, 128, 128]);
  });

  it('flattens transparency onto the stated background', async () => {
    const png = await img.makeTransparentPng(4, 4);
    expect(pixel(await decodeImage(png), 0, 0)).toEqual([255, 255, 255]);
    expect(pixel(await decodeImage(png, { background: [0, 128, 0] }), 0, 0)).toEqual([0, 128, 0]);
  });

  it('applies EXIF orientation', async () => {
    const image = await decodeImage(await img.makeRotatedJpeg(40, 20));
    expect([image.width, image.height]).toEqual([20, 40]);
  });

  it('takes the first frame of an animated GIF', async () => {
    const image = await decodeImage(await img.makeAnimatedGif(8, 8, 3));
    expect([image.width, image.height]).toEqual([8, 8]);
    expect(pixel(image, 2, 2)).toEqual([0, 0, 0]);
  });

  it('decodes BMP itself (libvips cannot), bottom-up rows in the right order', async () => {
    const image = await decodeImage(img.makeBmp(8, 4));
    expect([image.width, image.height]).toEqual([8, 4]);
    expect(pixel(image, 0, 0)).toEqual([255, 0, 0]);
    expect(pixel(image, 7, 3)).toEqual([0, 0, 255]);
  });

  it.each([
    ['truncated JPEG', async () => img.truncated(await img.makeJpeg(200, 150))],
    ['truncated PNG', async () => img.truncated(await img.makePng(200, 150))],
    ['text', async () => Buffer.from('hello')],
  ])('rejects a %s instead of half-decoding it', async (_name, make) => {
    await expect(decodeImage(await make())).rejects.toMatchObject({ code: 'IMAGE_DECODE_FAILED' });
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    // Decoding would need 10.8 GB and fail as corrupt; the header check names the real problem.
    await expect(decodeImage(img.makePngDeclaring(60_000, 60_000))).rejects.toMatchObject({
      code: 'IMAGE_DECODE_FAILED',
      details: { reason: 'too-many-pixels' },
    });
  });

  it('honours a lower pixel limit', async () => {
    await expect(readImageHeader(await img.makePng(100, 100), 5_000)).rejects.toMatchObject({
      details: { reason: 'too-many-pixels' },
    });
  });
});

describe('decodeForModel', () => {
  const base: Preprocessing = { ...mobilenetPreprocessing(8), padColor: [0, 0, 255] };

  it.each([
    ['stretch', [8, 8]],
    ['center-crop', [8, 8]],
    ['pad', [8, 8]],
  ] as const)('%s produces the model size', async (resize, size) => {
    const image = await decodeForModel(await img.makePng(32, 16), { ...base, resize });
    expect([image.width, image.height]).toEqual(size);
    expect(image.data.length).toBe(8 * 8 * 3);
  });

  it('pads a wide image with bars of the pad colour, and stretch/crop leave none', async () => {
    const wide = await img.makePng(32, 16);
    const padded = await decodeForModel(wide, { ...base, resize: 'pad' });
    expect(pixel(padded, 4, 0)).toEqual([0, 0, 255]);
    expect(pixel(padded, 4, 4)).toEqual([220, 30, 30]);
    const cropped = await decodeForModel(wide, { ...base, resize: 'center-crop' });
    expect(pixel(cropped, 4, 0)).toEqual([220, 30, 30]);
  });
});
