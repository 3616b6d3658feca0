import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanReportSchema, type ScanReport, type SkipCode } from '../../../common/dataset.js';
import * as img from '../../testing/images.js';
import { scanDataset } from './scanner.js';

/**
 * The bad-input corpus: every case is a file the tests write themselves, with the exact outcome
 * the scanner must give it.
 */
type Expected =
  | { imported: { format: string; width: number; height: number; className?: string } }
  | { skipped: SkipCode };

interface Case {
  name: string;
  path: string;
  /** Writes the case under the dataset root; returns nothing when `path` was written. */
  write: (absolute: string) => Promise<void>;
  expect: Expected;
}

const write = (data: () => Promise<Buffer> | Buffer) => async (path: string) => {
  await writeFile(path, await data());
};
const imported = (format: string, width = 64, height = 48) => ({
  imported: { format, width, height },
});
const skipped = (code: SkipCode) => ({ skipped: code });
const LONG_NAME = `${'long-name-'.repeat(24)}.png`;

const CASES: Case[] = [
  {
    name: 'JPEG',
    path: 'cats/a.jpg',
    write: write(() => img.makeJpeg()),
    expect: imported('jpeg'),
  },
  { name: 'PNG', path: 'cats/b.png', write: write(() => img.makePng()), expect: imported('png') },
  {
    name: 'WebP',
    path: 'cats/c.webp',
    write: write(() => img.makeWebp()),
    expect: imported('webp'),
  },
  { name: 'GIF', path: 'cats/d.gif', write: write(() => img.makeGif()), expect: imported('gif') },
  {
    name: 'animated GIF (first frame)',
    path: 'cats/anim.gif',
    write: write(() => img.makeAnimatedGif()),
    expect: imported('gif', 32, 32),
  },
  {
    name: 'BMP',
    path: 'cats/e.bmp',
    write: write(() => img.makeBmp(8, 4)),
    expect: imported('bmp', 8, 4),
  },
  {
    name: 'TIFF',
    path: 'cats/f.tif',
    write: write(() => img.makeTiff()),
    expect: imported('tiff'),
  },
  {
    name: 'AVIF',
    path: 'cats/g.avif',
    write: write(() => img.makeAvif()),
    expect: imported('avif'),
  },
  {
    name: 'CMYK JPEG',
    path: 'cats/cmyk.jpg',
    write: write(() => img.makeCmykJpeg()),
    expect: imported('jpeg'),
  },
  {
    name: '16-bit PNG',
    path: 'cats/deep.png',
    write: write(() => img.make16BitPng()),
    expect: imported('png'),
  },
  {
    name: 'grey PNG',
    path: 'cats/grey.png',
    write: write(() => img.makeGreyPng()),
    expect: imported('png'),
  },
  {
    name: 'grey + alpha PNG',
    path: 'cats/grey-alpha.png',
    write: write(() => img.makeGreyPng(64, 48, true)),
    expect: imported('png'),
  },
  {
    name: 'RGBA PNG',
    path: 'cats/rgba.png',
    write: write(() => img.makeTransparentPng()),
    expect: imported('png'),
  },
  {
    name: 'EXIF-rotated JPEG (reports upright size)',
    path: 'cats/rotated.jpg',
    write: write(() => img.makeRotatedJpeg(40, 20)),
    expect: imported('jpeg', 20, 40),
  },
  {
    name: 'PNG named .jpg',
    path: 'cats/really-png.jpg',
    write: write(() => img.makePng()),
    expect: imported('png'),
  },
  {
    name: 'JPEG without extension',
    path: 'cats/noext',
    write: write(() => img.makeJpeg()),
    expect: imported('jpeg'),
  },
  {
    name: 'upper-case extension',
    path: 'cats/UPPER.JPEG',
    write: write(() => img.makeJpeg()),
    expect: imported('jpeg'),
  },
  {
    name: 'unicode file name',
    path: 'cats/猫 café 🐱.png',
    write: write(() => img.makePng()),
    expect: imported('png'),
  },
  {
    name: 'very long file name',
    path: `cats/${LONG_NAME}`,
    write: write(() => img.makePng()),
    expect: imported('png'),
  },
  {
    name: 'image in a nested folder',
    path: 'cats/indoor/sofa.png',
    write: write(() => img.makePng()),
    expect: imported('png'),
  },
  {
    name: 'unicode class name',
    path: 'cañón 🐕/x.png',
    write: write(() => img.makePng(30, 30)),
    expect: { imported: { format: 'png', width: 30, height: 30, className: 'cañón 🐕' } },
  },
  {
    name: 'HEIC',
    path: 'cats/phone.heic',
    write: write(img.makeHeicHeader),
    expect: skipped('unsupported-format'),
  },
  {
    name: 'truncated JPEG',
    path: 'cats/cut.jpg',
    write: write(async () => img.truncated(await img.makeJpeg(200, 150))),
    expect: skipped('corrupt-image'),
  },
  {
    name: 'truncated PNG',
    path: 'cats/cut.png',
    write: write(async () => img.truncated(await img.makePng(200, 150))),
    expect: skipped('corrupt-image'),
  },
  {
    name: 'truncated WebP',
    path: 'cats/cut.webp',
    write: write(async () => img.truncated(await img.makeWebp(200, 150))),
    expect: skipped('corrupt-image'),
  },
  {
    name: 'truncated BMP',
    path: 'cats/cut.bmp',
    write: write(() => img.truncated(img.makeBmp(40, 40))),
    expect: skipped('corrupt-image'),
  },
  {
    name: 'JPEG header only',
    path: 'cats/header-only.jpg',
    write: write(async () => (await img.makeJpeg(200, 150)).subarray(0, 120)),
    expect: skipped('corrupt-image'),
  },
  {
    name: 'PNG with garbage after the header',
    path: 'cats/garbage.png',
    write: write(async () => {
      const png = await img.makePng(200, 150);
      png.fill(0x41, 60);
      return png;
    }),
    expect: skipped('corrupt-image'),
  },
  {
    name: 'zero-byte file',
    path: 'cats/empty.jpg',
    write: write(() => Buffer.alloc(0)),
    expect: skipped('empty-file'),
  },
  {
    name: 'text named .jpg',
    path: 'cats/notes.jpg',
    write: write(() => Buffer.from('not an image at all\n')),
    expect: skipped('not-an-image'),
  },
  {
    name: 'SVG',
    path: 'cats/vector.svg',
    write: write(() => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    expect: skipped('not-an-image'),
  },
  {
    name: 'PDF',
    path: 'cats/doc.pdf',
    write: write(() => Buffer.from('%PDF-1.4\n%\xe2\xe3\n')),
    expect: skipped('not-an-image'),
  },
  {
    name: 'huge declared dimensions',
    path: 'cats/bomb.png',
    write: write(() => img.makePngDeclaring(100_000, 100_000)),
    expect: skipped('too-many-pixels'),
  },
  {
    name: 'file over the size limit',
    path: 'cats/big.png',
    write: write(() => Buffer.alloc(300_000, 1)),
    expect: skipped('file-too-large'),
  },
  {
    name: '.DS_Store',
    path: 'cats/.DS_Store',
    write: write(() => Buffer.from('junk')),
    expect: skipped('system-file'),
  },
  {
    name: 'Thumbs.db',
    path: 'dogs/Thumbs.db',
    write: write(() => Buffer.from('junk')),
    expect: skipped('system-file'),
  },
  {
    name: 'AppleDouble ._ file',
    path: 'dogs/._a.jpg',
    write: write(() => img.makeJpeg()),
    expect: skipped('system-file'),
  },
  {
    name: 'file in a hidden folder',
    path: 'dogs/.cache/x.png',
    write: write(() => img.makePng()),
    expect: skipped('system-file'),
  },
  {
    name: 'file at the root',
    path: 'README.txt',
    write: write(() => Buffer.from('hello')),
    expect: skipped('outside-class-folder'),
  },
  {
    name: 'image at the root',
    path: 'loose.png',
    write: write(() => img.makePng()),
    expect: skipped('outside-class-folder'),
  },
  {
    name: 'symlink to an image',
    path: 'dogs/link.png',
    write: (p) => symlink(join(dirname(p), 'real.png'), p),
    expect: skipped('symlink'),
  },
  {
    name: 'dangling symlink',
    path: 'dogs/dangling.jpg',
    write: (p) => symlink('/nonexistent/x.jpg', p),
    expect: skipped('symlink'),
  },
  {
    name: 'symlink loop to a parent folder',
    path: 'dogs/loop',
    write: (p) => symlink('..', p),
    expect: skipped('symlink'),
  },
  {
    name: 'named pipe',
    path: 'dogs/pipe.jpg',
    write: async (p) => {
      execFileSync('mkfifo', [p]);
    },
    expect: skipped('special-file'),
  },
  {
    name: 'duplicate of a cat in dogs',
    path: 'dogs/same-as-cat.jpg',
    write: write(() => img.makeJpeg()),
    expect: imported('jpeg'),
  },
  {
    name: 'dog',
    path: 'dogs/real.png',
    write: write(() => img.makePng(64, 48, { r: 10, g: 200, b: 10 })),
    expect: imported('png'),
  },
];

describe('scanner on the bad-input corpus', () => {
  let root: string;
  let report: ScanReport;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ts-corpus-'));
    await mkdir(join(root, 'empty class'), { recursive: true });
    for (const testCase of CASES) {
      const absolute = join(root, testCase.path);
      await mkdir(dirname(absolute), { recursive: true });
      await testCase.write(absolute);
    }
    report = await scanDataset(root, { maxFileBytes: 200_000, concurrency: 3 });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('$name → exact outcome', (testCase) => {
    const image = report.images.find((i) => i.path === testCase.path);
    const skip = report.skipped.find((s) => s.path === testCase.path);
    if ('imported' in testCase.expect) {
      expect(skip).toBeUndefined();
      const { className, ...facts } = testCase.expect.imported;
      expect(image).toMatchObject({
        ...facts,
        className: className ?? testCase.path.split('/')[0],
      });
    } else {
      expect(image).toBeUndefined();
      expect(skip?.code).toBe(testCase.expect.skipped);
      expect(skip?.reason.length).toBeGreaterThan(5);
    }
  });

  it('accounts for every file: imported + skipped = seen = files written', () => {
    expect(report.files.seen).toBe(CASES.length);
    expect(report.files.imported + report.files.skipped).toBe(report.files.seen);
    expect(report.images.length).toBe(report.files.imported);
    expect(report.skipped.length).toBe(report.files.skipped);
  });

  it('lists classes exactly as on disk, sorted by code point, empty ones included', () => {
    expect(report.classes.map((c) => c.name)).toEqual(['cats', 'cañón 🐕', 'dogs', 'empty class']);
    const cats = CASES.filter((c) => c.path.startsWith('cats/') && 'imported' in c.expect).length;
    expect(report.classes.find((c) => c.name === 'cats')?.count).toBe(cats);
  });

  it('warns about the empty class and the duplicate across classes', () => {
    const codes = report.warnings.map((w) => w.code);
    expect(codes).toContain('empty-class');
    expect(codes).toContain('duplicates-across-classes');
    expect(codes).toContain('small-images');
    const across = report.warnings.find((w) => w.code === 'duplicates-across-classes');
    expect(across?.files).toEqual(expect.arrayContaining(['cats/a.jpg', 'dogs/same-as-cat.jpg']));
  });

  it('produces a report that satisfies the contract schema', () => {
    expect(() => scanReportSchema.parse(report)).not.toThrow();
  });
});
