import { writeStoredZip, type StoredZipEntry } from '../adapters/files/storedZip.js';
import * as img from '../testing/images.js';
import { goodJpeg, noisyJpeg } from './shared.js';

// ---------------------------------------------------------------------------------------------
// Zips: each case is a zip holding a good image and one hostile entry (or a damaged zip).

export interface ZipCase {
  name: string;
  /** The zip's bytes; the hostile entry is written first, so its local header is at offset 0. */
  zip: () => Promise<Buffer>;
  /** The hostile entry's path as the scan report shows it. */
  path: string;
  expect: string;
  /** What the skip's reason must say, where the code alone is not exact enough. */
  reason?: RegExp;
}

const good = (): StoredZipEntry => ({ name: 'good/ok.jpg', data: goodJpeg });
const zipOf = (...hostile: StoredZipEntry[]) => writeStoredZip([...hostile, good()]);

/** Offsets of the first entry's central header fields (the first central header). */
function firstCentral(zip: Buffer): number {
  return zip.readUInt32LE(zip.length - 22 + 16);
}

/** Rewrites a field of the first entry in both its local and its central header. */
function patchFirst(zip: Buffer, field: 'crc' | 'compressed' | 'uncompressed', value: number) {
  const local = { crc: 14, compressed: 18, uncompressed: 22 }[field];
  const central = { crc: 16, compressed: 20, uncompressed: 24 }[field];
  zip.writeUInt32LE(value >>> 0, local);
  zip.writeUInt32LE(value >>> 0, firstCentral(zip) + central);
  return zip;
}

/** Replaces the first entry's name bytes (same length) in both headers. */
function renameFirst(zip: Buffer, bytes: number[], clearUtf8Flag = false): Buffer {
  const length = zip.readUInt16LE(26);
  if (bytes.length !== length) throw new Error('same length only');
  Buffer.from(bytes).copy(zip, 30);
  const central = firstCentral(zip);
  Buffer.from(bytes).copy(zip, central + 46);
  if (clearUtf8Flag) {
    zip.writeUInt16LE(zip.readUInt16LE(6) & ~0x800, 6);
    zip.writeUInt16LE(zip.readUInt16LE(central + 8) & ~0x800, central + 8);
  }
  return zip;
}

/** Flips bytes in the middle of the first entry's data. */
function damageFirstData(zip: Buffer, at = 0.5): Buffer {
  const start = 30 + zip.readUInt16LE(26);
  const size = zip.readUInt32LE(18);
  const offset = start + Math.floor(size * at);
  for (let i = 0; i < 16 && offset + i < start + size; i++)
    zip.writeUInt8(zip.readUInt8(offset + i) ^ 0x5a, offset + i);
  return zip;
}

export const ZIP_CASES: ZipCase[] = [
  {
    name: 'real-size JPEG, stored',
    zip: async () => zipOf({ name: 'photos/big.jpg', data: noisyJpeg }),
    path: 'photos/big.jpg',
    expect: 'imported jpeg 1200x900',
  },
  {
    name: 'real-size JPEG, deflated',
    zip: async () => zipOf({ name: 'photos/big.jpg', data: noisyJpeg, deflate: true }),
    path: 'photos/big.jpg',
    expect: 'imported jpeg 1200x900',
  },
  {
    name: 'PNG, deflated',
    zip: async () => zipOf({ name: 'photos/p.png', data: await img.makePng(), deflate: true }),
    path: 'photos/p.png',
    expect: 'imported png 64x48',
  },
  {
    name: 'stored JPEG with damaged data (CRC mismatch)',
    zip: async () => damageFirstData(zipOf({ name: 'photos/bad.jpg', data: noisyJpeg })),
    path: 'photos/bad.jpg',
    expect: 'skipped unreadable',
    reason: /^damaged in the zip: /,
  },
  {
    name: 'deflated JPEG with a corrupt deflate stream',
    zip: async () =>
      damageFirstData(zipOf({ name: 'photos/bad.jpg', data: noisyJpeg, deflate: true }), 0.1),
    path: 'photos/bad.jpg',
    expect: 'skipped unreadable',
    reason: /^damaged in the zip: /,
  },
  {
    name: 'declared CRC that does not match intact data',
    zip: async () =>
      patchFirst(zipOf({ name: 'photos/crc.jpg', data: goodJpeg }), 'crc', 0x12345678),
    path: 'photos/crc.jpg',
    expect: 'skipped unreadable',
    reason: /^damaged in the zip: /,
  },
  {
    name: 'deflated entry declaring a smaller uncompressed size',
    zip: async () =>
      patchFirst(
        zipOf({ name: 'photos/small.jpg', data: goodJpeg, deflate: true }),
        'uncompressed',
        100,
      ),
    path: 'photos/small.jpg',
    expect: 'skipped unreadable',
    reason: /^damaged in the zip: /,
  },
  {
    name: 'deflated entry declaring a larger uncompressed size',
    zip: async () =>
      patchFirst(
        zipOf({ name: 'photos/large.jpg', data: goodJpeg, deflate: true }),
        'uncompressed',
        goodJpeg.length * 4,
      ),
    path: 'photos/large.jpg',
    expect: 'skipped unreadable',
    reason: /^damaged in the zip: /,
  },
  {
    name: 'entry declaring 4 GiB uncompressed (a zip bomb header)',
    zip: async () =>
      patchFirst(
        zipOf({ name: 'photos/bomb.jpg', data: goodJpeg, deflate: true }),
        'uncompressed',
        0xfffffff0,
      ),
    path: 'photos/bomb.jpg',
    expect: 'skipped file-too-large',
  },
  {
    name: 'stored entry whose compressed size runs past the end of the zip',
    zip: async () =>
      patchFirst(zipOf({ name: 'photos/long.jpg', data: goodJpeg }), 'compressed', 10_000_000),
    path: 'photos/long.jpg',
    expect: 'refused ZIP_INVALID',
  },
  {
    name: 'zip slip: ../ at the start',
    zip: async () => zipOf({ name: '../evil.jpg', data: goodJpeg }),
    path: '../evil.jpg',
    expect: 'skipped unsafe-zip-entry',
  },
  {
    name: 'zip slip: ../ in the middle',
    zip: async () => zipOf({ name: 'cats/../../evil.jpg', data: goodJpeg }),
    path: 'cats/../../evil.jpg',
    expect: 'skipped unsafe-zip-entry',
  },
  {
    name: 'absolute Unix path',
    zip: async () => zipOf({ name: '/etc/evil.jpg', data: goodJpeg }),
    path: '/etc/evil.jpg',
    expect: 'skipped unsafe-zip-entry',
  },
  {
    name: 'Windows drive path',
    zip: async () => zipOf({ name: 'C:/evil.jpg', data: goodJpeg }),
    path: 'C:/evil.jpg',
    expect: 'skipped unsafe-zip-entry',
  },
  {
    name: 'NUL in the name',
    zip: async () => zipOf({ name: 'cats/a\0.jpg', data: goodJpeg }),
    path: 'cats/a\0.jpg',
    expect: 'skipped unsafe-zip-entry',
  },
  {
    name: 'backslashes in the name (read as folders, so ..\\ is caught)',
    zip: async () => zipOf({ name: 'cats\\..\\x.jpg', data: goodJpeg }),
    path: 'cats/../x.jpg',
    expect: 'skipped unsafe-zip-entry',
  },
  {
    name: 'duplicate names: the first entry is used, the second reported',
    zip: async () =>
      zipOf(
        { name: 'photos/twice.jpg', data: goodJpeg },
        { name: 'photos/twice.jpg', data: await img.makePng() },
      ),
    path: 'photos/twice.jpg',
    expect: 'imported jpeg 64x48 + skipped zip-entry-invalid',
  },
  {
    name: 'empty name',
    zip: async () => zipOf({ name: '', data: goodJpeg }),
    path: '',
    expect: 'skipped outside-class-folder',
  },
  {
    name: 'a name of only slashes and dots',
    zip: async () => zipOf({ name: './/./', data: new Uint8Array() }),
    path: '',
    expect: 'absent (paths: "good/ok.jpg")',
  },
  {
    name: 'symlink entry pointing outside',
    zip: async () =>
      zipOf({ name: 'photos/link.jpg', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }),
    path: 'photos/link.jpg',
    expect: 'skipped symlink',
  },
  {
    name: 'encrypted entry',
    zip: async () => zipOf({ name: 'photos/secret.jpg', data: goodJpeg, encrypted: true }),
    path: 'photos/secret.jpg',
    expect: 'skipped zip-entry-invalid',
  },
  {
    name: 'control characters and a newline in the name',
    zip: async () => zipOf({ name: 'photos/a\x01b\nc.jpg', data: goodJpeg }),
    path: 'photos/a\x01b\nc.jpg',
    expect: 'imported jpeg 64x48',
  },
  {
    name: 'right-to-left override in the name (gpj.exe)',
    zip: async () => zipOf({ name: 'photos/cat\u202egpj.exe', data: goodJpeg }),
    path: 'photos/cat\u202egpj.exe',
    expect: 'imported jpeg 64x48',
  },
  {
    name: 'name bytes that are not UTF-8 (flag cleared: read as CP437)',
    zip: async () =>
      renameFirst(
        zipOf({ name: 'photos/XX.jpg', data: goodJpeg }),
        [...Buffer.from('photos/'), 0xff, 0x81, ...Buffer.from('.jpg')],
        true,
      ),
    path: 'photos/\u00a0ü.jpg',
    expect: 'imported jpeg 64x48',
  },
  {
    name: 'name bytes that are not UTF-8 despite the UTF-8 flag',
    zip: async () =>
      renameFirst(zipOf({ name: 'photos/XX.jpg', data: goodJpeg }), [
        ...Buffer.from('photos/'),
        0xff,
        0xfe,
        ...Buffer.from('.jpg'),
      ]),
    path: 'photos/\ufffd\ufffd.jpg',
    expect: 'imported jpeg 64x48',
  },
  {
    name: '300-character name',
    zip: async () => zipOf({ name: `photos/${'n'.repeat(300)}.jpg`, data: goodJpeg }),
    path: `photos/${'n'.repeat(300)}.jpg`,
    expect: 'imported jpeg 64x48',
  },
  {
    name: 'folder nested 40 deep (a zip is listed, not walked: no depth to exhaust)',
    zip: async () => zipOf({ name: `photos/${'d/'.repeat(40)}deep.jpg`, data: goodJpeg }),
    path: `photos/${'d/'.repeat(40)}deep.jpg`,
    expect: 'imported jpeg 64x48',
  },
  {
    name: 'truncated JPEG inside the zip',
    zip: async () => zipOf({ name: 'photos/cut.jpg', data: img.truncated(noisyJpeg) }),
    path: 'photos/cut.jpg',
    expect: 'skipped corrupt-image',
  },
  {
    name: 'zero-byte entry',
    zip: async () => zipOf({ name: 'photos/empty.jpg', data: new Uint8Array() }),
    path: 'photos/empty.jpg',
    expect: 'skipped empty-file',
  },
  {
    name: '__MACOSX resource fork',
    zip: async () => zipOf({ name: '__MACOSX/photos/._a.jpg', data: Buffer.from('junk') }),
    path: '__MACOSX/photos/._a.jpg',
    expect: 'skipped system-file',
  },
  {
    name: 'a zip inside the zip',
    zip: async () =>
      zipOf({
        name: 'photos/inner.zip',
        data: writeStoredZip([{ name: 'x/y.jpg', data: goodJpeg }]),
      }),
    path: 'photos/inner.zip',
    expect: 'skipped not-an-image',
  },
  {
    name: 'PNG declaring 100000×100000 pixels',
    zip: async () =>
      zipOf({ name: 'photos/bomb.png', data: img.makePngDeclaring(100_000, 100_000) }),
    path: 'photos/bomb.png',
    expect: 'skipped too-many-pixels',
  },
  {
    name: 'unsupported compression method (bzip2)',
    zip: async () => {
      const zip = zipOf({ name: 'photos/bz.jpg', data: goodJpeg });
      zip.writeUInt16LE(12, 8);
      zip.writeUInt16LE(12, firstCentral(zip) + 10);
      return zip;
    },
    path: 'photos/bz.jpg',
    expect: 'skipped zip-entry-invalid',
  },
  {
    name: 'a zip cut in half (no central directory)',
    zip: async () => zipOf({ name: 'photos/a.jpg', data: noisyJpeg }).subarray(0, 200_000),
    path: 'photos/a.jpg',
    expect: 'refused ZIP_INVALID',
  },
  {
    name: 'a text file named .zip',
    zip: async () => Buffer.from('this is not a zip at all, just text\n'.repeat(4)),
    path: 'photos/a.jpg',
    expect: 'refused ZIP_INVALID',
  },
];
