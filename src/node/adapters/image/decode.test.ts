import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { mobilenetPreprocessing, type Preprocessing } from '../../../common/preprocessing.js';
import * as img from '../../testing/images.js';
import { AppError } from '../../../common/errors.js';
import { decodeForModel, decodeImage, readImageHeader, verifyDecodes } from './decode.js';

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

describe('decodeForModel: transparent pixels', () => {
  /**
   * A 320×240 sticker: transparent background (stored white, as drawing apps often leave it), an
   * opaque red disc, and a 40%-opaque blue band across the top.
   */
  async function sticker(): Promise<Uint8Array> {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
      <rect width="320" height="240" fill="rgb(255,255,255)" fill-opacity="0"/>
      <circle cx="160" cy="140" r="70" fill="rgb(220,30,30)"/>
      <rect x="0" y="0" width="320" height="40" fill="rgba(0,90,250,0.4)"/></svg>`;
    return sharp(Buffer.from(svg)).png().toBuffer();
  }
  /** A model recorded with a canvas's reading; earlier ones flattened onto white. */
  const canvas: Preprocessing = {
    ...mobilenetPreprocessing(224),
    transparency: 'canvas',
    alphaBackground: [255, 255, 255],
  };

  it('reads them as a browser canvas does: clear → black, partly clear → its own colour', async () => {
    const image = await decodeForModel(await sticker(), canvas);
    expect([image.width, image.height]).toEqual([224, 224]);
    expect(pixel(image, 10, 200)).toEqual([0, 0, 0]);
    expect(pixel(image, 112, 131)).toEqual([220, 30, 30]);
    // 40% opaque: the colour survives, within what 8-bit premultiplied storage keeps.
    const [r = 0, g = 0, b = 0] = pixel(image, 112, 5);
    expect(r).toBeLessThanOrEqual(2);
    expect(Math.abs(g - 90)).toBeLessThanOrEqual(2);
    expect(Math.abs(b - 250)).toBeLessThanOrEqual(2);
  });

  it('flattens onto the recorded background for models recorded before the choice', async () => {
    const { transparency: _dropped, ...recordedEarlier } = canvas;
    const image = await decodeForModel(await sticker(), recordedEarlier);
    expect(pixel(image, 10, 200)).toEqual([255, 255, 255]);
    expect(pixel(image, 112, 131)).toEqual([220, 30, 30]);
    const [r = 0, , b = 0] = pixel(image, 112, 5);
    expect(r).toBeGreaterThan(140);
    expect(b).toBeGreaterThan(240);
  });

  it('keeps the pad bars opaque in the pad colour while the image’s clear pixels turn black', async () => {
    const image = await decodeForModel(await sticker(), {
      ...canvas,
      resize: 'pad',
      padColor: [0, 0, 255],
    });
    expect(pixel(image, 112, 2)).toEqual([0, 0, 255]);
    expect(pixel(image, 10, 180)).toEqual([0, 0, 0]);
  });

  it('treats an image without alpha the same in both modes', async () => {
    const jpeg = await img.makeJpeg(300, 200);
    const { transparency: _dropped, ...flatten } = canvas;
    const a = await decodeForModel(jpeg, canvas);
    const b = await decodeForModel(jpeg, flatten);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
  });
});

describe('decode failures: one code, a stable reason, the same words every run', () => {
  const canvas: Preprocessing = { ...mobilenetPreprocessing(224), transparency: 'canvas' };
  const flattened: Preprocessing = { ...canvas, transparency: 'flatten' };
  const randomBytes = (): Buffer => {
    const bytes = Buffer.alloc(64 * 1024);
    let state = 7;
    for (let i = 0; i < bytes.length; i++) bytes[i] = state = (state * 1103515245 + 12345) & 0xff;
    return bytes;
  };
  const decoders = [
    ['decodeImage', (bytes: Uint8Array) => decodeImage(bytes)],
    ['decodeForModel (canvas)', (bytes: Uint8Array) => decodeForModel(bytes, canvas)],
    ['decodeForModel (flatten)', (bytes: Uint8Array) => decodeForModel(bytes, flattened)],
    [
      'decodeForModel (JPEG through alpha)',
      (bytes: Uint8Array) => decodeForModel(bytes, canvas, { opaqueShortcut: false }),
    ],
    ['verifyDecodes', (bytes: Uint8Array) => verifyDecodes(bytes)],
  ] as const;
  const inputs = [
    ['a 0-byte file', 'empty', async () => Buffer.alloc(0)],
    [
      'a 1200×900 JPEG cut in half',
      'truncated',
      async () => img.truncated(await img.makeJpeg(1200, 900), 0.5),
    ],
    [
      'a 1200×900 photo-like JPEG cut in half',
      'truncated',
      async () => img.truncated(await img.makeNoisyJpeg(), 0.5),
    ],
    [
      'a PNG cut in half',
      'truncated',
      async () => img.truncated(await img.makePng(1200, 900), 0.5),
    ],
    ['random bytes', 'unsupported', async () => randomBytes()],
    ['a text file', 'unsupported', async () => Buffer.from('not a picture\n')],
  ] as const;

  for (const [decoder, decode] of decoders) {
    it.each(inputs)(`${decoder} refuses %s as %s`, async (_name, reason, make) => {
      const bytes = await make();
      const first = await decode(bytes).catch((error: unknown) => error);
      const again = await decode(bytes).catch((error: unknown) => error);
      expect(first).toBeInstanceOf(AppError);
      expect(first).toMatchObject({ code: 'IMAGE_DECODE_FAILED', details: { reason } });
      expect((first as AppError).message).toBe((again as AppError).message);
      expect((first as AppError).message).not.toMatch(/vips|unknown error|buffer/i);
    });
  }

  it('readImageHeader refuses an empty file as empty, not with sharp’s words', async () => {
    await expect(readImageHeader(Buffer.alloc(0))).rejects.toMatchObject({
      code: 'IMAGE_DECODE_FAILED',
      details: { reason: 'empty' },
    });
  });
});
