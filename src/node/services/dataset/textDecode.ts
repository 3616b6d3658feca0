/** Why a file cannot be read as text, in words a user can act on. */
export interface TextDecodeProblem {
  code: 'binary-file' | 'not-utf8' | 'empty-file';
  reason: string;
}

/** How the bytes of a text file were read. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The first byte that was not UTF-8, when a file was read anyway: as Windows-1252, or as UTF-8
 * with such bytes replaced by "�" (a UTF-8 file with a few stray bytes).
 */
export interface NotUtf8Byte {
  readAs: 'windows-1252' | 'utf-8-replaced';
  /** 1-based line of the file the byte is on. */
  line: number;
  /** 0-based offset of the byte in the file. */
  offset: number;
  byte: number;
}

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncoding; notUtf8?: NotUtf8Byte }
  | ({ ok: false } & TextDecodeProblem);

const IMAGE_SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x42, 0x4d], // BMP
  [0x52, 0x49, 0x46, 0x46], // RIFF (WebP)
];

/**
 * Western text in Windows-1252 has a few accented letters among ASCII (French: about 3% of the
 * bytes). Above this share the bytes are another 8-bit code page (Cyrillic, Greek: most letters)
 * or not text at all, and reading them as Windows-1252 would only make garbage look like text.
 */
const MAX_WINDOWS_1252_HIGH_SHARE = 0.3;

/** Whether the bytes start like an image the image scanner reads. */
export function looksLikeImage(head: Uint8Array): boolean {
  return IMAGE_SIGNATURES.some((signature) => signature.every((byte, i) => head[i] === byte));
}

/**
 * Binary when a NUL byte appears, or when more than one byte in ten is a control character other
 * than tab, newline, carriage return and form feed: 8-bit text (UTF-8 or a code page) has neither.
 * UTF-16 is told by its byte order mark before this is asked.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  return looksLikeControlCodes(bytes.subarray(0, 8192));
}

/** The same test on character codes, for text decoded from UTF-16. */
function looksLikeControlCodes(codes: ArrayLike<number>): boolean {
  let control = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) return true;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) control++;
  }
  return codes.length > 0 && control * 10 > codes.length;
}

/** The UTF-16 byte order a BOM announces (FF FE little-endian, FE FF big-endian), if any. */
export function utf16ByteOrder(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Whether a file's first bytes are text: UTF-16 with its BOM, or 8-bit bytes without binary
 * ones. Not requiring UTF-8 here matters: a Windows-1252 CSV is a text dataset, and its scan says
 * how it was read; judged as an image it was reported as "Not a readable zip file".
 */
export function looksLikeTextHead(head: Uint8Array): boolean {
  if (looksLikeImage(head)) return false;
  const utf16 = utf16ByteOrder(head);
  if (!utf16) return !looksBinary(head);
  // The head may end inside a character; streaming mode forgives only that.
  const text = decodeOrUndefined(head, utf16, true);
  return text !== undefined && !looksLikeControlCodes(codesOf(text.slice(0, 4096)));
}

/**
 * Text from a file's bytes: UTF-8 (a BOM is dropped), or UTF-16 when its BOM says so. Bytes that
 * are not UTF-8 are read as Windows-1252 (what Excel and Notepad write on Western Windows) when
 * they look like it, and the first such byte is returned so the scan can say where; bytes that
 * look like neither are refused with the line and byte offset, and how to fix the file.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { ok: false, code: 'empty-file', reason: 'the file is empty' };
  const utf16 = utf16ByteOrder(bytes);
  if (utf16) return decodeUtf16(bytes, utf16);
  if (looksLikeImage(bytes) || looksBinary(bytes)) return binaryFile();
  const utf8 = decodeOrUndefined(bytes, 'utf-8');
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'utf-8' };
  return decodeNotUtf8(bytes);
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  const text = decodeOrUndefined(bytes, encoding);
  if (text === undefined) {
    return {
      ok: false,
      code: 'not-utf8',
      reason: `the file starts as ${encoding.toUpperCase()} text (its byte order mark says so) but breaks off or holds a broken character; save it again as UTF-8 and import again`,
    };
  }
  if (looksLikeControlCodes(codesOf(text.slice(0, 8192)))) return binaryFile();
  return { ok: true, text, encoding };
}

function decodeNotUtf8(bytes: Uint8Array): DecodedText {
  const survey = surveyUtf8(bytes);
  const first = {
    line: lineAt(bytes, survey.firstInvalid),
    offset: survey.firstInvalid,
    byte: bytes[survey.firstInvalid] as number,
  };
  // Real UTF-8 characters outnumber the stray bytes: a UTF-8 file with a few bytes pasted in.
  if (survey.multiByteCharacters >= survey.invalidBytes) {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { ok: true, text, encoding: 'utf-8', notUtf8: { readAs: 'utf-8-replaced', ...first } };
  }
  if (survey.highBytes <= bytes.length * MAX_WINDOWS_1252_HIGH_SHARE) {
    const text = decodeWindows1252(bytes);
    return {
      ok: true,
      text,
      encoding: 'windows-1252',
      notUtf8: { readAs: 'windows-1252', ...first },
    };
  }
  return {
    ok: false,
    code: 'not-utf8',
    reason: `not UTF-8: line ${first.line} (byte offset ${first.offset}) holds the byte ${hexByte(first.byte)}, and the file does not read as Windows-1252 text either. If it is text, save it as UTF-8 (in Excel: Save As › "CSV UTF-8") and import again`,
  };
}

interface Utf8Survey {
  firstInvalid: number;
  invalidBytes: number;
  multiByteCharacters: number;
  highBytes: number;
}

/**
 * One pass over bytes known not to be UTF-8: where the first byte that breaks UTF-8 is, how many
 * do, how many well-formed multi-byte characters there are, and how many bytes are above ASCII.
 */
function surveyUtf8(bytes: Uint8Array): Utf8Survey {
  const survey: Utf8Survey = {
    firstInvalid: -1,
    invalidBytes: 0,
    multiByteCharacters: 0,
    highBytes: 0,
  };
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      survey.multiByteCharacters++;
      survey.highBytes += length;
      i += length;
      continue;
    }
    if (survey.firstInvalid < 0) survey.firstInvalid = i;
    survey.invalidBytes++;
    survey.highBytes++;
    i++;
  }
  return survey;
}

/** The length of the well-formed UTF-8 character starting at `at` (2 to 4), or 0 if none does. */
function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] as number;
  const length = utf8LengthAfter(lead);
  if (length === 0 || at + length > bytes.length) return 0;
  const [low, high] = SECOND_BYTE_RANGE[lead] ?? CONTINUATION;
  const second = bytes[at + 1] as number;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[at + k] as number;
    if (next < CONTINUATION[0] || next > CONTINUATION[1]) return 0;
  }
  return length;
}

/** Bytes a character takes after its lead byte says so; 0 for bytes no character starts with. */
function utf8LengthAfter(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const CONTINUATION = [0x80, 0xbf] as const;

/** Leads after which the second byte is narrower: no overlong forms, surrogates or > U+10FFFF. */
const SECOND_BYTE_RANGE: Partial<Record<number, readonly [number, number]>> = {
  0xe0: [0xa0, 0xbf],
  0xed: [0x80, 0x9f],
  0xf0: [0x90, 0xbf],
  0xf4: [0x80, 0x8f],
};

/**
 * What Windows-1252 puts at 0x80–0x9F where Latin-1 has control codes: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ
 * Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ; the five bytes it leaves unused stay the control codes (as the
 * WHATWG Encoding standard reads them).
 */
const WINDOWS_1252_HIGH_CONTROLS =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * Windows-1252 by hand: Node's TextDecoder('windows-1252') reads Latin-1, so Excel's curly quotes
 * and € (0x80–0x9F) would come out as invisible control codes.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(
      /[\u0080-\u009f]/g,
      (c) => WINDOWS_1252_HIGH_CONTROLS[c.charCodeAt(0) - 0x80] as string,
    );
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

function decodeOrUndefined(
  bytes: Uint8Array,
  encoding: TextEncoding,
  stream = false,
): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream });
  } catch {
    return undefined;
  }
}

function codesOf(text: string): number[] {
  return Array.from(text, (character) => character.codePointAt(0) as number);
}

function binaryFile(): DecodedText {
  return { ok: false, code: 'binary-file', reason: 'the file holds binary data, not text' };
}

/** A byte as "0xE9", as hex editors and error reports show it. */
export function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
