import { describe, expect, it } from 'vitest';
import { decodeText, looksLikeTextHead } from './textDecode.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf16le = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le');

describe('decodeText', () => {
  it('reads UTF-16 by its byte order mark, and names the encoding when it is broken', () => {
    expect(decodeText(utf16le('naïve\r\n'))).toEqual({
      ok: true,
      text: 'naïve\r\n',
      encoding: 'utf-16le',
    });
    expect(decodeText(utf16le('naïve').subarray(0, 7))).toMatchObject({
      ok: false,
      code: 'not-utf8',
      reason: expect.stringMatching(/^the file starts as UTF-16LE text/),
    });
    // A BOM in front of binary data: NULs decoded are still not text.
    const binary = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.alloc(64)]);
    expect(decodeText(binary)).toMatchObject({ ok: false, code: 'binary-file' });
    expect(looksLikeTextHead(binary)).toBe(false);
  });

  it('counts only well-formed UTF-8 as UTF-8: overlong forms and surrogates are Windows-1252', () => {
    // "À¯" (an overlong "/") and "í\xA0\x80" (a surrogate) in an otherwise ASCII line.
    const bytes = latin1('one \xC0\xAF two \xED\xA0\x80 three');
    expect(decodeText(bytes)).toMatchObject({
      ok: true,
      encoding: 'windows-1252',
      text: 'one À¯ two í\u00A0€ three',
      notUtf8: { readAs: 'windows-1252', line: 1, offset: 4, byte: 0xc0 },
    });
  });

  it('reads the Windows-1252 letters Latin-1 lacks: curly quotes, dashes, €', () => {
    const line = ' and everyone at the table agreed it was worth the long trip.';
    const decoded = decodeText(
      latin1(`\x93Caf\xE9\x94 \x96 5 \x80, l\x92\x9Cuvre\x85 \x81${line}`),
    );
    expect(decoded).toMatchObject({ ok: true, text: `“Café” – 5 €, l’œuvre… \u0081${line}` });
  });

  it('finds the line of the first byte that is not UTF-8 after CRLF lines', () => {
    const bytes = latin1('a,b\r\nfine,x\r\nstill fine,y\r\nd\xE9j\xE0 vu,z\r\n');
    expect(decodeText(bytes)).toMatchObject({
      notUtf8: { line: 4, offset: 'a,b\r\nfine,x\r\nstill fine,y\r\nd'.length, byte: 0xe9 },
    });
  });

  it('judges a head cut inside a character, in UTF-8 and UTF-16, as text', () => {
    expect(looksLikeTextHead(Buffer.from('café').subarray(0, 4))).toBe(true);
    expect(looksLikeTextHead(utf16le('😀 ok').subarray(0, 4))).toBe(true);
    expect(looksLikeTextHead(latin1('caf\xE9 cr\xE8me'))).toBe(true);
  });
});
