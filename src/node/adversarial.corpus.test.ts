import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../common/dataset.js';
import {
  addFilesToClass,
  moveToClass,
  removeFiles,
  renameClass,
} from './services/dataset/datasetEdits.js';
import { scanDataset } from './services/dataset/scanner.js';
import { writeStoredZip, type StoredZipEntry } from './adapters/files/storedZip.js';
import {
  DEFAULT_PACK_LIMITS,
  validateLayersPack,
  type PackLimits,
} from './services/models/validatePack.js';
import * as img from './testing/images.js';

/**
 * The adversarial corpus, beside the scanner's (dataset/scanner.corpus.test.ts): hostile zips,
 * hostile names on disk, hostile dataset edits and hostile model packs. Every case is real input
 * the test writes itself, with the exact outcome it must give, as one line:
 *   "imported <format> <w>x<h>" | "skipped <code>" | "refused <ERROR_CODE>" | "ok" | …
 */

/** What an operation ended in, as one comparable line. */
async function outcome(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return `refused ${typeof code === 'string' ? code : 'untyped'}`;
  }
}

/**
 * How the scan reported the file at `path` (the path as the report shows it); every report of it,
 * sorted, where a zip holds the name twice.
 */
function reported(report: ScanReport, path: string): string {
  const lines = [
    ...report.images
      .filter((i) => i.path === path)
      .map((i) => `imported ${i.format} ${i.width}x${i.height}`),
    ...report.skipped.filter((s) => s.path === path).map((s) => `skipped ${s.code}`),
  ].sort();
  if (lines.length > 0) return lines.join(' + ');
  const paths = [...report.images, ...report.skipped].map((f) => JSON.stringify(f.path));
  return `absent (paths: ${paths.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Zips: each case is a zip holding a good image and one hostile entry (or a damaged zip).

interface ZipCase {
  name: string;
  /** The zip's bytes; the hostile entry is written first, so its local header is at offset 0. */
  zip: () => Promise<Buffer>;
  /** The hostile entry's path as the scan report shows it. */
  path: string;
  expect: string;
  /** What the skip's reason must say, where the code alone is not exact enough. */
  reason?: RegExp;
}

let goodJpeg: Buffer;
let noisyJpeg: Buffer;
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

const ZIP_CASES: ZipCase[] = [
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

// ---------------------------------------------------------------------------------------------
// Names and file kinds on disk: one folder dataset, every case a file the test writes.

interface DiskCase {
  name: string;
  /** Path written (as bytes where a name is not UTF-8). */
  path: string | Buffer;
  write: (absolute: Buffer) => Promise<void>;
  /** The path as the report shows it. */
  report: string;
  expect: string;
}

const bytes = (data: () => Promise<Buffer> | Buffer) => async (path: Buffer) => {
  await writeFile(path, await data());
};

/** A JPEG whose SOF header declares 65500×65500. */
async function jpegDeclaringHuge(): Promise<Buffer> {
  const jpeg = Buffer.from(await img.makeJpeg(16, 16));
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2)) {
      jpeg.writeUInt16BE(65500, i + 5);
      jpeg.writeUInt16BE(65500, i + 7);
      return jpeg;
    }
  }
  throw new Error('no SOF marker');
}

const OUTSIDE_FILE = 'outside-secret.png';
const OUTSIDE_FOLDER = 'outside-folder';

const DISK_CASES: DiskCase[] = [
  {
    name: 'control character in a file name',
    path: 'cats/bell\x07.png',
    write: bytes(() => img.makePng()),
    report: 'cats/bell\x07.png',
    expect: 'imported png 64x48',
  },
  {
    name: 'newline in a file name',
    path: 'cats/two\nlines.png',
    write: bytes(() => img.makePng()),
    report: 'cats/two\nlines.png',
    expect: 'imported png 64x48',
  },
  {
    name: 'right-to-left override in a file name',
    path: 'cats/photo\u202egnp.exe',
    write: bytes(() => img.makePng()),
    report: 'cats/photo\u202egnp.exe',
    expect: 'imported png 64x48',
  },
  {
    name: 'trailing spaces in a file name',
    path: 'cats/spaces.png   ',
    write: bytes(() => img.makePng()),
    report: 'cats/spaces.png   ',
    expect: 'imported png 64x48',
  },
  {
    name: 'file name starting with a dash',
    path: 'cats/-rf.png',
    write: bytes(() => img.makePng()),
    report: 'cats/-rf.png',
    expect: 'imported png 64x48',
  },
  {
    name: 'file name of 254 bytes (near the 255 a file system allows)',
    path: `cats/${'é'.repeat(125)}.png`,
    write: bytes(() => img.makePng()),
    report: `cats/${'é'.repeat(125)}.png`,
    expect: 'imported png 64x48',
  },
  {
    name: 'file name that is not UTF-8',
    path: Buffer.concat([Buffer.from('cats/'), Buffer.from([0xff, 0xfe]), Buffer.from('.png')]),
    write: bytes(() => img.makePng()),
    report: 'cats/\u00ff\u00fe.png',
    expect: 'skipped undecodable-name',
  },
  {
    name: 'class folder name that is not UTF-8',
    path: Buffer.concat([Buffer.from([0xc3, 0x28]), Buffer.from('/x.png')]),
    write: bytes(() => img.makePng()),
    report: '\u00c3(',
    expect: 'skipped undecodable-name',
  },
  {
    name: 'symlink to a file outside the dataset',
    path: 'cats/secret.png',
    write: (p) => symlink(join('..', '..', OUTSIDE_FILE), p),
    report: 'cats/secret.png',
    expect: 'skipped symlink',
  },
  {
    name: 'symlink to a folder outside, as a class',
    path: 'linked-class',
    write: (p) => symlink(join('..', OUTSIDE_FOLDER), p),
    report: 'linked-class',
    expect: 'skipped symlink',
  },
  {
    name: 'FIFO named like a JPEG',
    path: 'cats/fifo.jpg',
    write: async (p) => {
      execFileSync('mkfifo', [p.toString('utf8')]);
    },
    report: 'cats/fifo.jpg',
    expect: 'skipped special-file',
  },
  {
    name: 'zero-byte PNG',
    path: 'cats/zero.png',
    write: bytes(() => Buffer.alloc(0)),
    report: 'cats/zero.png',
    expect: 'skipped empty-file',
  },
  {
    name: 'JPEG declaring 65500×65500',
    path: 'cats/huge.jpg',
    write: bytes(jpegDeclaringHuge),
    report: 'cats/huge.jpg',
    expect: 'skipped too-many-pixels',
  },
  {
    name: 'truncated GIF',
    path: 'cats/cut.gif',
    write: bytes(async () => img.truncated(await img.makeGif(200, 150), 0.5)),
    report: 'cats/cut.gif',
    expect: 'skipped corrupt-image',
  },
  {
    name: 'truncated real-size JPEG',
    path: 'cats/cut-photo.jpg',
    write: bytes(async () => img.truncated(noisyJpeg, 0.3)),
    report: 'cats/cut-photo.jpg',
    expect: 'skipped corrupt-image',
  },
  {
    name: 'truncated PNG (header and half the data)',
    path: 'cats/cut.png',
    write: bytes(async () => img.truncated(await img.makePng(300, 200), 0.5)),
    report: 'cats/cut.png',
    expect: 'skipped corrupt-image',
  },
  {
    name: 'polyglot: a JPEG with a zip appended',
    path: 'cats/polyglot.jpg',
    write: bytes(async () =>
      Buffer.concat([goodJpeg, writeStoredZip([{ name: 'x.txt', data: Buffer.from('hi') }])]),
    ),
    report: 'cats/polyglot.jpg',
    expect: 'imported jpeg 64x48',
  },
  {
    name: 'polyglot: a PNG followed by HTML',
    path: 'cats/polyglot.png',
    write: bytes(async () =>
      Buffer.concat([await img.makePng(), Buffer.from('<script>alert(1)</script>')]),
    ),
    report: 'cats/polyglot.png',
    expect: 'imported png 64x48',
  },
  {
    name: 'GIF magic followed by JavaScript',
    path: 'cats/gifjs.gif',
    write: bytes(() => Buffer.from('GIF89a=1;alert(document.domain)//')),
    report: 'cats/gifjs.gif',
    expect: 'skipped corrupt-image',
  },
  {
    name: 'HTML named .png',
    path: 'cats/page.png',
    write: bytes(() => Buffer.from('<!doctype html><img src=x onerror=alert(1)>')),
    report: 'cats/page.png',
    expect: 'skipped not-an-image',
  },
];

// ---------------------------------------------------------------------------------------------
// Dataset edits with hostile names: each runs on its own copy of a small dataset, and must be
// refused with nothing changed (or, where the name is harmless, do exactly the edit).

interface EditCase {
  name: string;
  run: (dataset: string, outside: string) => Promise<unknown>;
  expect: string;
}

const rename = (to: string) => (dataset: string) => renameClass(dataset, 'cats', to);
const move =
  (path: string, to = 'dogs') =>
  (dataset: string) =>
    moveToClass(dataset, path, to);

const EDIT_CASES: EditCase[] = [
  { name: 'rename a class to ".."', run: rename('..'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "."', run: rename('.'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to ""', run: rename(''), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "   "', run: rename('   '), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a/b"', run: rename('a/b'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "../x"', run: rename('../x'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a\\b"', run: rename('a\\b'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a\\0b"', run: rename('a\0b'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to a newline', run: rename('a\nb'), expect: 'refused INVALID_ARGUMENT' },
  {
    name: 'rename a class to 300 chars',
    run: rename('x'.repeat(300)),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'rename a class to ".hidden"',
    run: rename('.hidden'),
    expect: 'refused INVALID_ARGUMENT',
  },
  { name: 'rename a class to "CON"', run: rename('CON'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a:b"', run: rename('a:b'), expect: 'refused INVALID_ARGUMENT' },
  {
    name: 'rename a class to "lions  " (trailing spaces are trimmed)',
    run: rename('lions  '),
    expect: 'ok: +lions, lions/a.png -cats, cats/a.png',
  },
  {
    name: 'rename the class ".." (not a class)',
    run: (dataset) => renameClass(dataset, '..', 'x'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'rename the class "cats/../../x"',
    run: (dataset) => renameClass(dataset, 'cats/../..', 'x'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move an image to class ".."',
    run: move('cats/a.png', '..'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move an image to class "/tmp"',
    run: move('cats/a.png', '/tmp'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move "../outside.png"',
    run: move('../outside.png'),
    expect: 'refused INVALID_ARGUMENT',
  },
  { name: 'move "/etc/passwd"', run: move('/etc/passwd'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'move "cats/./a.png"', run: move('cats/./a.png'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'move "cats//a.png"', run: move('cats//a.png'), expect: 'refused INVALID_ARGUMENT' },
  {
    name: 'move "cats/a.png\\0.jpg"',
    run: move('cats/a.png\0.jpg'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move a file that is not there',
    run: move('cats/nope.png'),
    expect: 'refused NOT_FOUND',
  },
  {
    name: 'move through a class link to outside',
    run: async (dataset, outside) => {
      await symlink(outside, join(dataset, 'sneaky'), 'dir');
      return moveToClass(dataset, 'sneaky/victim.png', 'dogs');
    },
    expect: 'refused FORBIDDEN',
  },
  {
    name: 'add images to class "../escape"',
    run: (dataset, outside) => addFilesToClass(dataset, '../escape', [join(outside, 'victim.png')]),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'add images to a class that is a link to outside',
    run: async (dataset, outside) => {
      await symlink(outside, join(dataset, 'linked'), 'dir');
      return addFilesToClass(dataset, 'linked', [join(dataset, 'cats', 'a.png')]);
    },
    expect: 'refused FORBIDDEN',
  },
  {
    name: 'remove "../outside/victim.png"',
    run: (dataset, outside) =>
      removeFiles(dataset, ['../outside/victim.png'], join(outside, '..', 'trash')),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'remove the dataset itself (".")',
    run: (dataset, outside) => removeFiles(dataset, ['.'], join(outside, '..', 'trash')),
    expect: 'refused INVALID_ARGUMENT',
  },
];

// ---------------------------------------------------------------------------------------------
// Model packs: model.json and manifest, validated before anything is decoded or built.

interface PackJson {
  format?: unknown;
  modelTopology?: unknown;
  weightsManifest?: unknown;
}

interface PackCase {
  name: string;
  /** Changes a valid pack (Dense 3→2, one 32-byte shard), or gives raw model.json bytes. */
  change: ((json: Required<PackJson>) => void) | { raw: Buffer };
  shards?: Record<string, number>;
  limits?: Partial<PackLimits>;
  expect: string | RegExp;
}

function validPack(): Required<PackJson> {
  return {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } },
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['w.bin'],
        weights: [
          { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
          { name: 'd/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ],
  };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const weightsOf = (json: Required<PackJson>): Json => (json.weightsManifest as Json)[0].weights;
const groupOf = (json: Required<PackJson>): Json => (json.weightsManifest as Json)[0];
const layersOf = (json: Required<PackJson>): Json => (json.modelTopology as Json).config.layers;
const denseConfig = (json: Required<PackJson>): Json => layersOf(json)[0].config;
const shape = (value: unknown) => (json: Required<PackJson>) => {
  weightsOf(json)[0].shape = value;
};
const dtype = (value: unknown) => (json: Required<PackJson>) => {
  weightsOf(json)[0].dtype = value;
};
const path = (value: unknown) => (json: Required<PackJson>) => {
  groupOf(json).paths = [value];
};
const dense = (change: Json) => (json: Required<PackJson>) => {
  Object.assign(denseConfig(json), change);
};
const topology = (value: unknown) => (json: Required<PackJson>) => {
  json.modelTopology = value;
};

/** A Sequential nesting `depth` Sequentials around the Dense layer. */
function nested(depth: number): unknown {
  let inner: unknown = {
    class_name: 'Sequential',
    config: {
      name: 's0',
      layers: [
        { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } },
      ],
    },
  };
  for (let i = 1; i <= depth; i++)
    inner = { class_name: 'Sequential', config: { name: `s${i}`, layers: [inner] } };
  return inner;
}

/** A functional model: input → d, with `d` wired as given. */
function functional(inbound: unknown, outputs: unknown = [['d', 0, 0]]): unknown {
  return {
    class_name: 'Model',
    config: {
      name: 'f',
      layers: [
        {
          class_name: 'InputLayer',
          name: 'in',
          config: { name: 'in', batch_input_shape: [null, 3] },
          inbound_nodes: [],
        },
        { class_name: 'Dense', name: 'd', config: { name: 'd', units: 2 }, inbound_nodes: inbound },
      ],
      input_layers: [['in', 0, 0]],
      output_layers: outputs,
    },
  };
}

const refused = (message: RegExp) =>
  new RegExp(`^refused INVALID_ARGUMENT: Invalid model pack: (.*\\W)?${message.source}`);

const PACK_CASES: PackCase[] = [
  { name: 'the valid pack', change: () => undefined, expect: 'ok' },
  {
    name: 'not JSON',
    change: { raw: Buffer.from('{"modelTopology": ') },
    expect: refused(/model.json is not valid JSON/),
  },
  {
    name: 'JSON null',
    change: { raw: Buffer.from('null') },
    expect: refused(/model.json is not an object/),
  },
  {
    name: 'JSON number',
    change: { raw: Buffer.from('42') },
    expect: refused(/model.json is not an object/),
  },
  {
    name: 'UTF-16 bytes',
    change: { raw: Buffer.from('{"a":1}', 'utf16le') },
    expect: refused(/not valid JSON/),
  },
  {
    name: 'graph model',
    change: (j) => {
      j.format = 'graph-model';
    },
    expect: refused(/this is a TF.js graph model/),
  },
  {
    name: 'no topology',
    change: (j) => {
      delete (j as PackJson).modelTopology;
    },
    expect: refused(/model.json has no modelTopology/),
  },
  {
    name: 'manifest not a list',
    change: (j) => {
      j.weightsManifest = { paths: [] };
    },
    expect: refused(/model.json has no weightsManifest/),
  },
  {
    name: 'group without paths',
    change: (j) => {
      delete groupOf(j).paths;
    },
    expect: refused(/weights group 0 is malformed/),
  },
  {
    name: 'negative dimension',
    change: shape([-3, 2]),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'fractional dimension',
    change: shape([1.5, 2]),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'string dimension',
    change: shape(['3', 2]),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'shape not a list',
    change: shape('3x2'),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'huge dimensions',
    change: shape([2 ** 31, 2 ** 31]),
    expect: refused(
      /weights group 0 declares \d+ bytes but its shards hold 32 \(extra bytes\)|truncated/,
    ),
  },
  {
    name: 'dtype complex64',
    change: dtype('complex64'),
    expect: refused(/weight "d\/kernel" has unsupported dtype complex64/),
  },
  { name: 'dtype string', change: dtype('string'), expect: refused(/unsupported dtype string/) },
  { name: 'no dtype', change: dtype(undefined), expect: refused(/unsupported dtype undefined/) },
  {
    name: 'quantized to an unknown dtype',
    change: (j) => {
      weightsOf(j)[0].quantization = { dtype: 'int3' };
    },
    expect: refused(/unsupported dtype int3/),
  },
  {
    name: 'weight without a name',
    change: (j) => {
      weightsOf(j)[0].name = '';
    },
    expect: refused(/a weight has no name/),
  },
  {
    name: 'duplicate weight name',
    change: (j) => {
      weightsOf(j)[1].name = 'd/kernel';
      weightsOf(j)[1].shape = [2];
    },
    expect: refused(/weight name "d\/kernel" appears twice/),
  },
  {
    name: 'shard path "../w.bin"',
    change: path('../w.bin'),
    expect: refused(/shard path "..\/w.bin" must be a plain file name/),
  },
  {
    name: 'shard path "/etc/passwd"',
    change: path('/etc/passwd'),
    expect: refused(/shard path "\/etc\/passwd" must be a plain file name/),
  },
  {
    name: 'shard path "C:w.bin"',
    change: path('C:w.bin'),
    expect: refused(/shard path "C:w.bin" must be a plain file name/),
  },
  {
    name: 'shard path with a backslash',
    change: path('..\\w.bin'),
    expect: refused(/must be a plain file name/),
  },
  {
    name: 'shard path ".."',
    change: path('..'),
    expect: refused(/shard path "\.\." is not a file name/),
  },
  { name: 'shard path ""', change: path(''), expect: refused(/shard path "" is not a file name/) },
  {
    name: 'shard path with NUL',
    change: path('w.bin\0'),
    expect: refused(/must be a plain file name/),
  },
  {
    name: 'shard path a number',
    change: path(7),
    expect: refused(/shard path 7 is not a file name/),
  },
  {
    name: 'missing shard',
    change: path('other.bin'),
    expect: refused(/shard "other.bin" is missing/),
  },
  {
    name: 'shard listed twice',
    change: (j) => {
      groupOf(j).paths = ['w.bin', 'w.bin'];
    },
    expect: refused(/shard "w.bin" is listed twice/),
  },
  {
    name: 'shard shorter than declared',
    change: () => undefined,
    shards: { 'w.bin': 20 },
    expect: refused(/declares 32 bytes but its shards hold 20 \(truncated\)/),
  },
  {
    name: 'shard longer than declared',
    change: () => undefined,
    shards: { 'w.bin': 4000 },
    expect: refused(/declares 32 bytes but its shards hold 4000 \(extra bytes\)/),
  },
  {
    name: 'model.json over the size limit',
    change: () => undefined,
    limits: { maxModelJsonBytes: 100 },
    expect: refused(/model.json is \d+ bytes, over the 100-byte limit/),
  },
  {
    name: 'weights over the byte limit',
    change: () => undefined,
    limits: { maxWeightBytes: 16 },
    expect: refused(/32 bytes of weights, over the 16-byte limit/),
  },
  {
    name: 'Dense declaring 600M units',
    change: dense({ units: 600_000_000 }),
    expect: refused(/layer "d" declares 2400000000 weights but the pack holds 8 for it/),
  },
  {
    name: 'Dense on a huge input',
    change: dense({ batch_input_shape: [null, 2 ** 40] }),
    expect: refused(/layer "d" declares 2199023255554 weights but the pack holds 8 for it/),
  },
  {
    name: 'Dense with units 0',
    change: dense({ units: 0 }),
    expect: refused(
      /layer "d" \(Dense\) has an invalid config: Expected units to be a positive integer, but got 0/,
    ),
  },
  {
    name: 'Dense with units "2"',
    change: dense({ units: '2' }),
    expect: refused(/layer "d" \(Dense\) has an invalid config: .* but got "2"/),
  },
  {
    name: 'negative input dimension',
    change: dense({ batch_input_shape: [null, -3] }),
    expect: refused(/layer "d" declares an invalid input shape/),
  },
  {
    name: 'input of rank 40',
    change: dense({ batch_input_shape: [null, ...Array(40).fill(1)] }),
    expect: refused(/layer "d" declares an invalid input shape/),
  },
  {
    name: 'no input shape',
    change: dense({ batch_input_shape: undefined }),
    expect: refused(/layer "d" has no input shape/),
  },
  {
    name: 'unknown input size on the Dense axis',
    change: dense({ batch_input_shape: [null, null] }),
    expect: refused(/layer "d" needs a known size on axis -1/),
  },
  {
    name: 'layer class tfjs does not know',
    change: (j) => {
      layersOf(j)[0].class_name = 'Lambda';
    },
    expect: refused(/layer "d" is of class Lambda, which tfjs does not know/),
  },
  {
    name: 'weighted class the check does not count (GRU)',
    change: (j) => {
      layersOf(j)[0].class_name = 'GRU';
    },
    expect: refused(/layer "d" is of class GRU, whose weights the app cannot check/),
  },
  {
    name: 'layer without config',
    change: (j) => {
      delete layersOf(j)[0].config;
    },
    expect: refused(/a layer has no class_name or config/),
  },
  {
    name: 'topology not a model',
    change: topology({ class_name: 'Dense', config: {} }),
    expect: refused(/the topology is a Dense, not a Sequential or functional model/),
  },
  {
    name: 'topology a string',
    change: topology('Sequential'),
    expect: refused(/modelTopology has no class_name/),
  },
  {
    name: 'Sequential without layers',
    change: topology({ class_name: 'Sequential', config: { name: 'x' } }),
    expect: refused(/a Sequential model has no layers list/),
  },
  {
    name: 'models nested 40 deep',
    change: topology(nested(40)),
    expect: refused(/models nested more than 16 deep/),
  },
  { name: 'models nested 3 deep (fine)', change: topology(nested(3)), expect: 'ok' },
  {
    name: 'keras model_config wrapper',
    change: (j) => {
      j.modelTopology = { keras_version: '2.15', model_config: j.modelTopology };
    },
    expect: 'ok',
  },
  {
    name: 'functional model (fine)',
    change: topology(functional([[['in', 0, 0, {}]]])),
    expect: 'ok',
  },
  {
    name: 'functional layer fed by itself (a cycle)',
    change: topology(functional([[['d', 0, 0, {}]]])),
    expect: refused(/layer "d" takes an input no layer produces/),
  },
  {
    name: 'functional layer fed by a missing layer',
    change: topology(functional([[['ghost', 0, 0, {}]]])),
    expect: refused(/layer "d" takes an input no layer produces/),
  },
  {
    name: 'functional output never reached',
    change: topology(functional([[['in', 0, 0, {}]]], [['d', 5, 0]])),
    expect: refused(/output "d" is not reached from the inputs/),
  },
  {
    name: 'functional malformed reference',
    change: topology(functional([[['in', '0', 0]]])),
    expect: refused(/holds a malformed tensor reference/),
  },
  {
    name: 'functional shared layer called twice, weights counted once',
    change: topology(functional([[['in', 0, 0, {}]], [['in', 0, 0, {}]]], [['d', 1, 0]])),
    expect: 'ok',
  },
];

// ---------------------------------------------------------------------------------------------

const TOTAL = ZIP_CASES.length + DISK_CASES.length + EDIT_CASES.length + PACK_CASES.length;

describe('the adversarial corpus', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ts-adversarial-'));
    goodJpeg = await img.makeJpeg();
    noisyJpeg = await img.makeNoisyJpeg(1200, 900, 7);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('holds at least 120 cases, each with its exact outcome', () => {
    expect(TOTAL).toBeGreaterThanOrEqual(120);
    for (const table of [ZIP_CASES, DISK_CASES, EDIT_CASES, PACK_CASES])
      expect(new Set(table.map((c) => c.name)).size).toBe(table.length);
  });

  describe('zips', () => {
    it.each(ZIP_CASES)('$name → $expect', async (testCase) => {
      const zip = join(root, `zip-${ZIP_CASES.indexOf(testCase)}.zip`);
      await writeFile(zip, await testCase.zip());
      const result = await outcome(async () => {
        const report = await scanDataset(zip);
        // The good image beside the hostile entry is never lost.
        expect(reported(report, 'good/ok.jpg')).toBe('imported jpeg 64x48');
        const skip = report.skipped.find((f) => f.path === testCase.path);
        if (testCase.reason) expect(skip?.reason).toMatch(testCase.reason);
        return reported(report, testCase.path);
      });
      expect(result).toBe(testCase.expect);
    });
  });

  describe('names and file kinds on disk', () => {
    let report: ScanReport;
    beforeAll(async () => {
      const dataset = join(root, 'disk', 'dataset');
      await mkdir(join(dataset, 'cats'), { recursive: true });
      await writeFile(join(root, 'disk', OUTSIDE_FILE), await img.makePng());
      await mkdir(join(root, 'disk', OUTSIDE_FOLDER));
      await writeFile(join(root, 'disk', OUTSIDE_FOLDER, 'x.png'), await img.makePng());
      for (const testCase of DISK_CASES) {
        // Paths as bytes, so a name that is not UTF-8 is written as it is.
        const absolute = Buffer.concat([Buffer.from(`${dataset}/`), Buffer.from(testCase.path)]);
        await mkdir(absolute.subarray(0, absolute.lastIndexOf(0x2f)), { recursive: true });
        await testCase.write(absolute);
      }
      report = await scanDataset(dataset, { concurrency: 2 });
    });

    it.each(DISK_CASES)('$name → $expect', (testCase) => {
      expect(reported(report, testCase.report)).toBe(testCase.expect);
    });

    it('reads nothing outside the dataset through a link', () => {
      expect(report.images.some((i) => i.path.includes('outside'))).toBe(false);
      expect(report.images.some((i) => i.path.startsWith('linked-class'))).toBe(false);
    });
  });

  describe('dataset edits with hostile names', () => {
    let template: string;
    beforeAll(async () => {
      template = join(root, 'edits-template');
      for (const label of ['cats', 'dogs']) {
        await mkdir(join(template, label), { recursive: true });
        await writeFile(join(template, label, 'a.png'), await img.makePng());
      }
    });

    /** Every path under `folder`, sorted, links not followed. */
    async function tree(folder: string): Promise<string[]> {
      const entries = await readdir(folder, { recursive: true });
      return entries.map(String).sort();
    }

    it.each(EDIT_CASES)('$name → $expect', async (testCase) => {
      const caseRoot = join(root, `edit-${EDIT_CASES.indexOf(testCase)}`);
      const dataset = join(caseRoot, 'dataset');
      const outside = join(caseRoot, 'outside');
      await cp(template, dataset, { recursive: true });
      await mkdir(outside);
      await writeFile(join(outside, 'victim.png'), await img.makePng());
      const before = await tree(dataset);
      const result = await outcome(async () => {
        await testCase.run(dataset, outside);
        const after = await tree(dataset);
        const added = after.filter((p) => !before.includes(p));
        const removed = before.filter((p) => !after.includes(p));
        return `ok: +${added.join(', ')} -${removed.join(', ')}`;
      });
      expect(result).toBe(testCase.expect);
      // Whatever happened, nothing outside the dataset was touched.
      expect(await readdir(outside)).toEqual(['victim.png']);
      if (result.startsWith('refused')) {
        const after = (await tree(dataset)).filter(
          (p) => !['sneaky', 'linked'].includes(p.split('/')[0] ?? ''),
        );
        expect(after).toEqual(before);
      }
    });
  });

  describe('model packs', () => {
    it.each(PACK_CASES)('$name', (testCase) => {
      const json = validPack();
      const bytes =
        typeof testCase.change === 'function'
          ? (testCase.change(json), Buffer.from(JSON.stringify(json)))
          : testCase.change.raw;
      const shards = testCase.shards ?? { 'w.bin': 32 };
      const limits = { ...DEFAULT_PACK_LIMITS, ...testCase.limits };
      let result: string;
      try {
        validateLayersPack(bytes, (name) => shards[name], limits);
        result = 'ok';
      } catch (error) {
        result = `refused ${(error as { code: string }).code}: ${(error as Error).message}`;
      }
      if (typeof testCase.expect === 'string') expect(result).toBe(testCase.expect);
      else expect(result).toMatch(testCase.expect);
    });
  });
});
