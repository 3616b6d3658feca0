/**
 * Image formats recognised from their first bytes. Extensions lie (a `.jpg` that is really a PNG,
 * or a text file named `.jpg`), so the scanner trusts content only.
 */
export const SUPPORTED_IMAGE_FORMATS = [
  'jpeg',
  'png',
  'webp',
  'gif',
  'bmp',
  'tiff',
  'avif',
] as const;
export type SupportedImageFormat = (typeof SUPPORTED_IMAGE_FORMATS)[number];
/** HEIC needs an HEVC decoder, which the bundled libvips lacks (patent licensing). */
export type UnsupportedImageFormat = 'heic';
export type ImageFormat = SupportedImageFormat | UnsupportedImageFormat;

/** Bytes needed to tell every format above apart. */
export const MAGIC_BYTES_NEEDED = 32;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = start; i < start + length && i < bytes.length; i++) {
    text += String.fromCharCode(bytes[i] ?? 0);
  }
  return text;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((value, i) => bytes[offset + i] === value);
}

function detectIsoMediaBrand(bytes: Uint8Array): ImageFormat | undefined {
  if (ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const boxSize = (bytes[0] ?? 0) * 2 ** 24 + ((bytes[1] ?? 0) << 16) + ((bytes[2] ?? 0) << 8);
  const end = Math.min(bytes.length, Math.max(16, boxSize + (bytes[3] ?? 0)));
  const brands = [ascii(bytes, 8, 4)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, 4));
  // AVIF files often list mif1 too, so the AVIF brands win.
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
  return undefined;
}

export function detectImageFormat(head: Uint8Array): ImageFormat | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  const gif = ascii(head, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'gif';
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26) return 'bmp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  return detectIsoMediaBrand(head);
}

export function isSupportedFormat(format: ImageFormat): format is SupportedImageFormat {
  return format !== 'heic';
}
