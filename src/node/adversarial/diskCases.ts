import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeStoredZip } from '../adapters/files/storedZip.js';
import * as img from '../testing/images.js';
import { goodJpeg, noisyJpeg } from './shared.js';

// ---------------------------------------------------------------------------------------------
// Names and file kinds on disk: one folder dataset, every case a file the test writes.

export interface DiskCase {
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

export const OUTSIDE_FILE = 'outside-secret.png';
export const OUTSIDE_FOLDER = 'outside-folder';

export const DISK_CASES: DiskCase[] = [
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
