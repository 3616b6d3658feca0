import sharp, { type Sharp } from 'sharp';
import { crc32 } from 'node:zlib';

/** Images the tests make themselves, in every format and flavour the scanner must handle. */
export interface Colour {
  r: number;
  g: number;
  b: number;
}

const RED: Colour = { r: 220, g: 30, b: 30 };

export function solid(width: number, height: number, colour: Colour = RED): Sharp {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

export const makeJpeg = (w = 64, h = 48, c?: Colour) => solid(w, h, c).jpeg().toBuffer();
export const makePng = (w = 64, h = 48, c?: Colour) => solid(w, h, c).png().toBuffer();
export const makeWebp = (w = 64, h = 48) => solid(w, h).webp().toBuffer();
export const makeGif = (w = 64, h = 48) => solid(w, h).gif().toBuffer();
export const makeTiff = (w = 64, h = 48) => solid(w, h).tiff().toBuffer();
export const makeAvif = (w = 64, h = 48) => solid(w, h).avif().toBuffer();
export const makeCmykJpeg = (w = 64, h = 48) => solid(w, h).toColourspace('cmyk').jpeg().toBuffer();
export const make16BitPng = (w = 64, h = 48) => solid(w, h).toColourspace('rgb16').png().toBuffer();

export function makeGreyPng(w = 64, h = 48, alpha = false): Promise<Buffer> {
  const channels = alpha ? 2 : 1;
  const pixels = Buffer.alloc(w * h * channels, 128);
  return sharp(pixels, { raw: { width: w, height: h, channels } })
    .png()
    .toBuffer();
}

/** A fully transparent RGBA PNG: decoding must flatten it onto the background colour. */
export function makeTransparentPng(w = 64, h = 48): Promise<Buffer> {
  return sharp({
    create: { width: w, height: h, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .png()
    .toBuffer();
}

export async function makeAnimatedGif(w = 32, h = 32, frames = 3): Promise<Buffer> {
  const pixels = Buffer.alloc(w * h * frames * 3);
  for (let f = 0; f < frames; f++) pixels.fill(f * 100, f * w * h * 3, (f + 1) * w * h * 3);
  return sharp(pixels, { raw: { width: w, height: h * frames, channels: 3, pageHeight: h } })
    .gif()
    .toBuffer();
}

/** A JPEG stored `w`×`h` whose EXIF says "rotate 90° clockwise" (orientation 6). */
export const makeRotatedJpeg = (w = 40, h = 20) =>
  solid(w, h).jpeg().withMetadata({ orientation: 6 }).toBuffer();

/** Bottom-up 24-bit BMP, left half red and right half blue. */
export function makeBmp(w = 8, h = 4): Buffer {
  const rgb = new Uint8Array(w * h * 3);
  for (let p = 0; p < w * h; p++) rgb[p * 3 + (p % w >= w / 2 ? 2 : 0)] = 255;
  return encodeBmp(w, h, rgb);
}

/** Encodes top-to-bottom RGB rows as a bottom-up 24-bit BMP. */
export function encodeBmp(w: number, h: number, rgb: Uint8Array): Buffer {
  const stride = Math.ceil((w * 3) / 4) * 4;
  const file = Buffer.alloc(54 + stride * h);
  file.write('BM', 0, 'ascii');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(w, 18);
  file.writeInt32LE(h, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  for (let y = 0; y < h; y++) {
    const row = 54 + (h - 1 - y) * stride;
    for (let x = 0; x < w; x++) {
      const at = (y * w + x) * 3;
      file[row + x * 3] = rgb[at + 2] ?? 0;
      file[row + x * 3 + 1] = rgb[at + 1] ?? 0;
      file[row + x * 3 + 2] = rgb[at] ?? 0;
    }
  }
  return file;
}

/** A valid PNG header declaring `w`×`h` pixels with a token of data: a decompression bomb. */
export function makePngDeclaring(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** The ISO-BMFF `ftyp` box a HEIC photo from a phone starts with (its content is not needed). */
export function makeHeicHeader(): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftypheic', 4, 'ascii');
  box.write('mif1heic', 16, 'ascii');
  return Buffer.concat([box, Buffer.alloc(100)]);
}

export function truncated(data: Buffer, fraction = 0.6): Buffer {
  return data.subarray(0, Math.floor(data.length * fraction));
}

/**
 * A camera-like JPEG: random noise does not compress, so a 1200×900 image is a few hundred kB,
 * the size of the photos users really bring (small solid-colour test images hid a zip crash).
 */
export function makeNoisyJpeg(width = 1200, height = 900, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pixels[i] = state & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}
