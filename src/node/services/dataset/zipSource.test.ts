import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makeNoisyJpeg, makePng } from '../../testing/images.js';
import { writeStoredZip, type StoredZipEntry } from '../../adapters/files/storedZip.js';
import { scanDataset } from './scanner.js';
import { unsafeNameProblem } from './zipSource.js';

describe('zip datasets', () => {
  let dir: string;
  let jpeg: Buffer;
  let png: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-zip-'));
    jpeg = await makeJpeg();
    png = await makePng(64, 48, { r: 0, g: 0, b: 255 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function zipOf(entries: StoredZipEntry[], name = 'data.zip'): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, writeStoredZip(entries));
    return path;
  }

  it('reads class folders inside a wrapper folder and reports every unsafe entry', async () => {
    const path = await zipOf([
      { name: 'flowers/' },
      { name: 'flowers/roses/' },
      { name: 'flowers/roses/1.jpg', data: jpeg },
      { name: 'flowers/tulips/1.png', data: png },
      { name: 'flowers/tulips/文字.png', data: png },
      { name: '../evil.jpg', data: jpeg },
      { name: 'flowers/roses/../../escape.jpg', data: jpeg },
      { name: '/etc/absolute.jpg', data: jpeg },
      { name: 'C:/windows.jpg', data: jpeg },
      { name: 'flowers\\roses\\..\\..\\backslash.jpg', data: jpeg },
      { name: 'flowers/roses/link.jpg', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 },
      { name: 'flowers/roses/locked.jpg', data: jpeg, encrypted: true },
      { name: '__MACOSX/flowers/roses/._1.jpg', data: Buffer.from('resource fork') },
    ]);
    const report = await scanDataset(path);
    expect(report.source.kind).toBe('zip');
    expect(report.classes).toEqual([
      { name: 'roses', count: 1 },
      { name: 'tulips', count: 2 },
    ]);
    expect(report.images.map((i) => i.path)).toEqual([
      'flowers/roses/1.jpg',
      'flowers/tulips/1.png',
      'flowers/tulips/文字.png',
    ]);
    const byPath = Object.fromEntries(report.skipped.map((s) => [s.path, s.code]));
    expect(byPath).toEqual({
      '../evil.jpg': 'unsafe-zip-entry',
      'flowers/roses/../../escape.jpg': 'unsafe-zip-entry',
      '/etc/absolute.jpg': 'unsafe-zip-entry',
      'C:/windows.jpg': 'unsafe-zip-entry',
      'flowers/roses/../../backslash.jpg': 'unsafe-zip-entry',
      'flowers/roses/link.jpg': 'symlink',
      'flowers/roses/locked.jpg': 'zip-entry-invalid',
      '__MACOSX/flowers/roses/._1.jpg': 'system-file',
    });
    expect(report.files).toEqual({ seen: 11, imported: 3, skipped: 8 });
  });

  it('reads the split layout (train/ val/) from a zip', async () => {
    const path = await zipOf(
      [
        { name: 'train/a/1.jpg', data: jpeg },
        { name: 'train/b/1.png', data: png },
        { name: 'val/a/2.jpg', data: jpeg },
      ],
      'split.zip',
    );
    const report = await scanDataset(path);
    expect(report.layout).toBe('split-folders');
    expect(report.classes).toEqual([
      { name: 'a', count: 2, splits: { train: 1, validation: 1 } },
      { name: 'b', count: 1, splits: { train: 1 } },
    ]);
    expect(report.warnings.map((w) => w.code)).toContain('class-missing-from-split');
  });

  it('refuses a zip with more entries than the cap, before reading any', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ name: `a/${i}.jpg`, data: jpeg }));
    const path = await zipOf(entries, 'many.zip');
    await expect(
      scanDataset(path, { zipLimits: { maxEntries: 10, maxTotalBytes: 2 ** 30 } }),
    ).rejects.toMatchObject({ code: 'ZIP_LIMIT_EXCEEDED' });
  });

  it('refuses a zip that would unpack past the size cap', async () => {
    const path = await zipOf(
      [
        { name: 'a/1.jpg', data: jpeg },
        { name: 'b/1.jpg', data: jpeg },
      ],
      'big.zip',
    );
    await expect(
      scanDataset(path, { zipLimits: { maxEntries: 100, maxTotalBytes: jpeg.length + 10 } }),
    ).rejects.toMatchObject({ code: 'ZIP_LIMIT_EXCEEDED' });
  });

  it('says a file that is not a zip is not a readable zip', async () => {
    const path = join(dir, 'fake.zip');
    await writeFile(path, 'this is not a zip');
    await expect(scanDataset(path)).rejects.toMatchObject({ code: 'ZIP_INVALID' });
  });

  it('says a truncated zip is not readable', async () => {
    const whole = writeStoredZip([{ name: 'a/1.jpg', data: jpeg }]);
    const path = join(dir, 'cut.zip');
    await writeFile(path, whole.subarray(0, whole.length - 30));
    await expect(scanDataset(path)).rejects.toMatchObject({ code: 'ZIP_INVALID' });
  });
});

describe('unsafeNameProblem', () => {
  it.each([
    ['../x.jpg', "contains '..'"],
    ['a/../../x.jpg', "contains '..'"],
    ['/x.jpg', 'absolute path'],
    ['c:/x.jpg', 'absolute path'],
    ['a/x\0.jpg', 'NUL'],
  ])('%s is unsafe (%s)', (name, why) => {
    expect(unsafeNameProblem(name)).toContain(why);
  });

  it.each(['a/x.jpg', 'a/..x.jpg', 'a/x..jpg', 'a/./x.jpg'])('%s is safe', (name) => {
    expect(unsafeNameProblem(name)).toBeUndefined();
  });
});

describe('reading images back from a zip', () => {
  it('reads an entry by the path the scan reported, and refuses unknown or unsafe paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-zip-read-'));
    try {
      const png = await makePng(8, 8);
      const path = join(dir, 'd.zip');
      await writeFile(
        path,
        writeStoredZip([
          { name: 'a/1.png', data: png },
          { name: '../evil.png', data: png },
          { name: 'b/2.png', data: png },
        ]),
      );
      const { ZipSource } = await import('./zipSource.js');
      const source = await ZipSource.open(path);
      expect(Buffer.from(await source.read('a/1.png')).equals(png)).toBe(true);
      await expect(source.read('../evil.png')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(source.read('a/nope.png')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await source.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('zips of real-size photos', () => {
  let dir: string;
  let photos: Buffer[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-zip-photos-'));
    photos = await Promise.all([1, 2, 3, 4].map((seed) => makeNoisyJpeg(640, 480, seed)));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['stored', false],
    ['deflated', true],
  ])(
    'scans a %s zip of 200 kB+ JPEGs: every photo imported with its real hash',
    async (_name, deflate) => {
      expect(Math.min(...photos.map((p) => p.length))).toBeGreaterThan(200_000);
      const path = join(dir, `photos-${deflate ? 'deflated' : 'stored'}.zip`);
      const entries = photos.flatMap((data, i) => [
        { name: `cats/${i}.jpg`, data, deflate },
        { name: `dogs/${i}.jpg`, data, deflate },
      ]);
      await writeFile(path, writeStoredZip(entries));
      const report = await scanDataset(path, { verify: 'decode' });
      expect(report.skipped).toEqual([]);
      expect(report.classes).toEqual([
        { name: 'cats', count: 4 },
        { name: 'dogs', count: 4 },
      ]);
      const hashes = new Set(photos.map((p) => createHash('sha256').update(p).digest('hex')));
      expect(report.images.every((image) => hashes.has(image.sha256))).toBe(true);
    },
  );

  it('scans a 500-entry zip of photos and reads each back byte for byte', async () => {
    const path = join(dir, 'many.zip');
    const entries = Array.from({ length: 500 }, (_, i) => ({
      name: `class${i % 5}/${i}.jpg`,
      data: photos[i % photos.length] as Buffer,
      deflate: i % 2 === 0,
    }));
    await writeFile(path, writeStoredZip(entries));
    const report = await scanDataset(path, { verify: 'header' });
    expect(report.files.imported).toBe(500);
    const { ZipSource } = await import('./zipSource.js');
    const source = await ZipSource.open(path);
    try {
      for (const entry of entries.slice(0, 40)) {
        expect(Buffer.from(await source.read(entry.name)).equals(entry.data)).toBe(true);
      }
    } finally {
      await source.close();
    }
  });

  it('reports a damaged entry as skipped and keeps scanning', async () => {
    const path = join(dir, 'damaged.zip');
    const zip = writeStoredZip([
      { name: 'a/good.jpg', data: photos[0] as Buffer, deflate: true },
      { name: 'a/bad.jpg', data: photos[1] as Buffer, deflate: true },
      { name: 'b/good.jpg', data: photos[2] as Buffer, deflate: true },
    ]);
    // Corrupt the middle of the second entry's compressed data.
    const second = zip.indexOf(Buffer.from('a/bad.jpg')) + 'a/bad.jpg'.length + 5000;
    zip.fill(0xff, second, second + 4000);
    await writeFile(path, zip);
    const report = await scanDataset(path, { verify: 'decode' });
    expect(report.images.map((i) => i.path).sort()).toEqual(['a/good.jpg', 'b/good.jpg']);
    expect(report.skipped.map((s) => s.path)).toEqual(['a/bad.jpg']);
  });
});
