import { describe, expect, it } from 'vitest';
import { detectImageFormat, isSupportedFormat } from './imageFormat.js';

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(
    values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])),
  );

function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + compatible.length * 4;
  return bytes(0, 0, 0, size, 'ftyp', major, 0, 0, 0, 0, ...compatible);
}

describe('detectImageFormat', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a)],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['gif', bytes('GIF89a')],
    ['gif', bytes('GIF87a')],
    ['bmp', bytes('BM', ...new Array(24).fill(0))],
    ['tiff', bytes('II', 0x2a, 0)],
    ['tiff', bytes('MM', 0, 0x2a)],
    ['heic', ftyp('heic', 'mif1', 'heic')],
    ['heic', ftyp('mif1', 'heic')],
    ['avif', ftyp('avif', 'mif1', 'miaf')],
    ['avif', ftyp('mif1', 'avif')],
  ])('recognises %s', (format, head) => {
    expect(detectImageFormat(head)).toBe(format);
  });

  it.each([
    ['text', bytes('hello world')],
    ['empty', bytes()],
    ['RIFF that is not WebP', bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt ')],
    ['MP4 video', ftyp('isom', 'mp41')],
    ['a lone BM', bytes('BM')],
    ['PDF', bytes('%PDF-1.7')],
  ])('rejects %s', (_name, head) => {
    expect(detectImageFormat(head)).toBeUndefined();
  });

  it('marks HEIC unsupported and the rest supported', () => {
    expect(isSupportedFormat('heic')).toBe(false);
    expect(isSupportedFormat('avif')).toBe(true);
    expect(isSupportedFormat('jpeg')).toBe(true);
  });
});
