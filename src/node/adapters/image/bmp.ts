import { AppError } from '../../../common/errors.js';

/**
 * Windows BMP, which sharp's bundled libvips cannot read: uncompressed 1/4/8-bit palette, 24-bit
 * and 32-bit (BI_RGB or BI_BITFIELDS) images. RLE-compressed BMPs are refused with a reason.
 */
export interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  compression: number;
  pixelOffset: number;
  headerSize: number;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export function readBmpHeader(data: Uint8Array): BmpHeader {
  if (data.length < 26 || data[0] !== 0x42 || data[1] !== 0x4d) throw bmpError('not a BMP file');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerSize = view.getUint32(14, true);
  if (headerSize === 12) {
    const bits = view.getUint16(24, true);
    return header(view.getUint16(18, true), view.getInt16(20, true), bits, BI_RGB, view, 12);
  }
  if (headerSize < 40 || data.length < 54) throw bmpError('BMP header is truncated');
  const bits = view.getUint16(28, true);
  return header(
    view.getInt32(18, true),
    view.getInt32(22, true),
    bits,
    view.getUint32(30, true),
    view,
    headerSize,
  );
}

function header(
  width: number,
  signedHeight: number,
  bitsPerPixel: number,
  compression: number,
  view: DataView,
  headerSize: number,
): BmpHeader {
  if (width <= 0 || signedHeight === 0) throw bmpError('BMP has no pixels');
  return {
    width,
    height: Math.abs(signedHeight),
    topDown: signedHeight < 0,
    bitsPerPixel,
    compression,
    pixelOffset: view.getUint32(10, true),
    headerSize,
  };
}

/** Decodes to interleaved 8-bit RGB. */
export function decodeBmp(data: Uint8Array): { data: Uint8Array; width: number; height: number } {
  const info = readBmpHeader(data);
  const readPixel = pixelReader(data, info);
  const stride = Math.floor((info.bitsPerPixel * info.width + 31) / 32) * 4;
  if (data.length < info.pixelOffset + stride * info.height)
    throw bmpError('BMP pixel data is truncated');
  const out = new Uint8Array(info.width * info.height * 3);
  for (let y = 0; y < info.height; y++) {
    const row = info.pixelOffset + stride * (info.topDown ? y : info.height - 1 - y);
    for (let x = 0; x < info.width; x++) readPixel(row, x, out, (y * info.width + x) * 3);
  }
  return { data: out, width: info.width, height: info.height };
}

type PixelReader = (rowStart: number, x: number, out: Uint8Array, at: number) => void;

function pixelReader(data: Uint8Array, info: BmpHeader): PixelReader {
  const bits = info.bitsPerPixel;
  if (info.compression === BI_RGB && bits === 24) return bgrReader(data, 3);
  if (bits === 32 && info.compression === BI_RGB) return bgrReader(data, 4);
  if (
    bits === 32 &&
    (info.compression === BI_BITFIELDS || info.compression === BI_ALPHABITFIELDS)
  ) {
    return bitfieldReader(data);
  }
  if (info.compression === BI_RGB && (bits === 1 || bits === 4 || bits === 8))
    return paletteReader(data, info);
  throw bmpError(
    `unsupported BMP variant (${bits} bits per pixel, compression ${info.compression})`,
  );
}

function bgrReader(data: Uint8Array, bytesPerPixel: number): PixelReader {
  return (row, x, out, at) => {
    const p = row + x * bytesPerPixel;
    out[at] = data[p + 2] ?? 0;
    out[at + 1] = data[p + 1] ?? 0;
    out[at + 2] = data[p] ?? 0;
  };
}

function bitfieldReader(data: Uint8Array): PixelReader {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // The masks follow the 40-byte core header, whether as a V3 extra or inside a V4/V5 header.
  const masks = [54, 58, 62].map((offset) => view.getUint32(offset, true));
  const channel = masks.map(maskToChannel);
  return (row, x, out, at) => {
    const value = view.getUint32(row + x * 4, true);
    channel.forEach((read, c) => (out[at + c] = read(value)));
  };
}

function maskToChannel(mask: number): (value: number) => number {
  if (mask === 0) return () => 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (value) => Math.round((((value & mask) >>> shift) * 255) / max);
}

function paletteReader(data: Uint8Array, info: BmpHeader): PixelReader {
  const paletteStart = 14 + info.headerSize;
  const entrySize = info.headerSize === 12 ? 3 : 4;
  const bits = info.bitsPerPixel;
  const perByte = 8 / bits;
  return (row, x, out, at) => {
    const byte = data[row + Math.floor(x / perByte)] ?? 0;
    const shift = 8 - bits * ((x % perByte) + 1);
    const index = (byte >> shift) & ((1 << bits) - 1);
    const p = paletteStart + index * entrySize;
    out[at] = data[p + 2] ?? 0;
    out[at + 1] = data[p + 1] ?? 0;
    out[at + 2] = data[p] ?? 0;
  };
}

function bmpError(message: string): AppError {
  return new AppError('IMAGE_DECODE_FAILED', message, { reason: 'corrupt' });
}
