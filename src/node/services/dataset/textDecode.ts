/** Why a file cannot be read as text, in words a user can act on. */
export interface TextDecodeProblem {
  code: 'binary-file' | 'not-utf8' | 'empty-file';
  reason: string;
}

export type DecodedText = { ok: true; text: string } | ({ ok: false } & TextDecodeProblem);

const IMAGE_SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x42, 0x4d], // BMP
  [0x52, 0x49, 0x46, 0x46], // RIFF (WebP)
];

/** Whether the bytes start like an image the image scanner reads. */
export function looksLikeImage(head: Uint8Array): boolean {
  return IMAGE_SIGNATURES.some((signature) => signature.every((byte, i) => head[i] === byte));
}

/**
 * Binary when a NUL byte appears, or when more than one byte in ten is a control character other
 * than tab, newline, carriage return and form feed: UTF-8 and UTF-16-free text have neither.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return sample.length > 0 && control * 10 > sample.length;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Strict UTF-8 (a BOM is dropped); anything else is reported, never guessed at. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { ok: false, code: 'empty-file', reason: 'the file is empty' };
  if (looksLikeImage(bytes) || looksBinary(bytes)) {
    return { ok: false, code: 'binary-file', reason: 'the file holds binary data, not text' };
  }
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return {
      ok: false,
      code: 'not-utf8',
      reason:
        'the file is not UTF-8 (perhaps Latin-1 or Windows-1252); save it as UTF-8 and import again',
    };
  }
}
