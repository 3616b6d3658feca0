import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../common/dataset.js';
import { makeJpeg, makePng } from '../../testing/images.js';
import { FolderSource } from './folderSource.js';
import { scanDataset, scanSource } from './scanner.js';
import type { DatasetSource, SourceEntry } from './source.js';
import { wrapSource } from './wrappedSource.js';

const isRoot = process.getuid?.() === 0;

describe('scanDataset', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ts-scan-'));
  });
  afterEach(async () => {
    await chmod(root, 0o700).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  async function put(path: string, data: Buffer | Promise<Buffer>): Promise<void> {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), await data);
  }

  it('reads the train/ val/ test/ layout with per-split counts', async () => {
    await put('train/cat/1.jpg', makeJpeg(64, 48, { r: 1, g: 2, b: 3 }));
    await put('train/cat/2.jpg', makeJpeg(64, 48, { r: 4, g: 5, b: 6 }));
    await put('train/dog/1.png', makePng(64, 48, { r: 7, g: 8, b: 9 }));
    await put('validation/cat/3.jpg', makeJpeg(64, 48, { r: 10, g: 11, b: 12 }));
    await put('validation/dog/2.png', makePng(64, 48, { r: 13, g: 14, b: 15 }));
    await put('test/dog/3.png', makePng(64, 48, { r: 16, g: 17, b: 18 }));
    await put('notes.txt', Buffer.from('hi'));
    const report = await scanDataset(root);
    expect(report.layout).toBe('split-folders');
    expect(report.classes).toEqual([
      { name: 'cat', count: 3, splits: { train: 2, validation: 1 } },
      { name: 'dog', count: 3, splits: { train: 1, validation: 1, test: 1 } },
    ]);
    expect(report.images.find((i) => i.path === 'test/dog/3.png')?.split).toBe('test');
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ code: 'class-missing-from-split', classes: ['cat'] }),
    );
  });

  it('steps into a single wrapper folder', async () => {
    await put('photos/a/1.jpg', makeJpeg());
    await put('photos/b/1.png', makePng());
    const report = await scanDataset(root);
    expect(report.classes.map((c) => c.name)).toEqual(['a', 'b']);
    expect(report.images.map((i) => i.path)).toEqual(['photos/a/1.jpg', 'photos/b/1.png']);
  });

  it('warns about a single class and strong imbalance', async () => {
    await put('only/1.png', makePng());
    await put('only/2.png', makePng(32, 32));
    let report = await scanDataset(root);
    expect(report.warnings.map((w) => w.code)).toContain('single-class');

    for (let i = 0; i < 4; i++) await put(`only/x${i}.png`, makePng(64, 40 + i));
    await put('only/copy-of-1.png', makePng());
    await put('rare/1.png', makePng(10, 10));
    report = await scanDataset(root, { imbalanceRatio: 3 });
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ code: 'class-imbalance', classes: ['only', 'rare'] }),
    );
    expect(report.warnings.map((w) => w.code)).toContain('duplicates-within-class');
  });

  it('reports a missing path as NOT_FOUND', async () => {
    await expect(scanDataset(join(root, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports progress for every file and can be cancelled', async () => {
    for (let i = 0; i < 6; i++) await put(`a/${i}.png`, makePng(20 + i, 20));
    const seen: ScanProgress[] = [];
    await scanDataset(root, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.imported + p.skipped)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.every((p) => p.seen >= p.imported + p.skipped)).toBe(true);

    const controller = new AbortController();
    const cancelled = scanDataset(root, {
      concurrency: 1,
      onProgress: (p) => {
        if (p.seen === 2) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('skips a file it may not read, with the reason (simulated: the tests may run as root)', async () => {
    await put('a/ok.png', makePng());
    await put('a/secret.png', makePng(30, 30));
    const denying = withReadFailure(new FolderSource(root), 'secret.png', 'EACCES');
    const report = await scanSource(denying);
    expect(report.skipped).toEqual([
      { path: 'a/secret.png', code: 'unreadable', reason: 'cannot be read: permission denied' },
    ]);
    expect(report.files).toEqual({ seen: 2, imported: 1, skipped: 1 });
  });

  it.skipIf(isRoot)('skips a really unreadable file and folder (non-root only)', async () => {
    await put('a/ok.png', makePng());
    await put('a/secret.png', makePng(30, 30));
    await put('b/locked/x.png', makePng());
    await chmod(join(root, 'a/secret.png'), 0);
    await chmod(join(root, 'b/locked'), 0);
    const report = await scanDataset(root);
    expect(report.skipped.map((s) => [s.path, s.code])).toEqual([
      ['a/secret.png', 'unreadable'],
      ['b/locked', 'unreadable-folder'],
    ]);
  });
});

describe('scanSource concurrency', () => {
  it('never has more files in flight than the limit, however many the source holds', async () => {
    let inFlight = 0;
    let peak = 0;
    let pulled = 0;
    const png = await makePng(8, 8);
    const source: DatasetSource = {
      kind: 'folder',
      path: '/virtual',
      list: async (segments) =>
        segments.length === 0
          ? [{ name: 'a', isFolder: true }]
          : [{ name: 'x.png', isFolder: false }],
      entries: async function* () {
        for (let i = 0; i < 200; i++) {
          pulled++;
          // The walk may run at most `limit` entries ahead of the finished ones.
          expect(pulled - finished).toBeLessThanOrEqual(4);
          yield slowEntry(i);
        }
      },
      read: async () => png,
      close: async () => undefined,
    };
    let finished = 0;
    function slowEntry(i: number): SourceEntry {
      return {
        kind: 'file',
        segments: ['a', `${i}.png`],
        size: png.length,
        readHead: async (n) => png.subarray(0, n),
        readAll: async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          finished++;
          return png;
        },
      };
    }
    const report = await scanSource(source, { concurrency: 3, verify: 'header' });
    expect(report.files.imported).toBe(200);
    expect(peak).toBeLessThanOrEqual(3);
  });
});

function withReadFailure(source: DatasetSource, fileName: string, code: string): DatasetSource {
  const fail = async (): Promise<Uint8Array> => {
    throw Object.assign(new Error(`${code}: simulated`), { code });
  };
  return wrapSource(source, {
    entries: async function* (signal) {
      for await (const entry of source.entries(signal)) {
        yield entry.segments.at(-1) === fileName
          ? { ...entry, readHead: fail, readAll: fail }
          : entry;
      }
    },
  });
}
