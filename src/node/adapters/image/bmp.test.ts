import { describe, expect, it } from 'vitest';
import { makeBmp } from '../../testing/images.js';
import { decodeBmp, readBmpHeader } from './bmp.js';

function bmp8BitPalette(): Buffer {
  // 2×2, 8 bits per pixel, palette of 256 entries of which index 1 is green; top-down rows.
  const width = 2;
  const height = 2;
  const stride = 4;
  const paletteBytes = 256 * 4;
  const offset = 54 + paletteBytes;
  const file = Buffer.alloc(offset + stride * height);
  file.write('BM', 0, 'ascii');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(offset, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(-height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(8, 28);
  file[54 + 4 + 1] = 255;
  file[offset] = 1;
  return file;
}

function bmp32Bitfields(): Buffer {
  // 1×1, 32-bit BI_BITFIELDS with the masks of an XRGB8888 image.
  const file = Buffer.alloc(54 + 12 + 4);
  file.write('BM', 0, 'ascii');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(66, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(1, 18);
  file.writeInt32LE(1, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(32, 28);
  file.writeUInt32LE(3, 30);
  file.writeUInt32LE(0x00ff0000, 54);
  file.writeUInt32LE(0x0000ff00, 58);
  file.writeUInt32LE(0x000000ff, 62);
  file.writeUInt32LE(0x00102030, 66);
  return file;
}

describe('BMP decoding', () => {
  it('reads the header without decoding', () => {
    expect(readBmpHeader(makeBmp(8, 4))).toMatchObject({
      width: 8,
      height: 4,
      bitsPerPixel: 24,
      topDown: false,
    });
  });

  it('decodes 8-bit palette images, top-down', () => {
    const image = decodeBmp(bmp8BitPalette());
    expect([...image.data.subarray(0, 6)]).toEqual([0, 255, 0, 0, 0, 0]);
  });

  it('decodes 32-bit bitfield images', () => {
    expect([...decodeBmp(bmp32Bitfields()).data]).toEqual([0x10, 0x20, 0x30]);
  });

  it('refuses RLE compression with a reason', () => {
    const rle = makeBmp(4, 4);
    rle.writeUInt32LE(1, 30);
    expect(() => decodeBmp(rle)).toThrow(/unsupported BMP variant/);
  });

  it('refuses truncated pixel data', () => {
    expect(() => decodeBmp(makeBmp(40, 40).subarray(0, 300))).toThrow(/truncated/);
  });
});
