import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { makeJpeg, makePng } from '../../testing/images.js';
import { scanDataset } from '../dataset/scanner.js';
import { saveCameraFrames } from './cameraFrames.js';

/** A webcam-sized frame with varied pixels, as a canvas in the page encodes it. */
async function cameraFrame(seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(640 * 480 * 3);
  for (let p = 0; p < raw.length; p++) raw[p] = (p * 7 + seed * 131 + ((p >> 6) % 89)) & 255;
  return sharp(raw, { raw: { width: 640, height: 480, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe('saving camera frames into a class', () => {
  let dir: string;
  let dataset: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-camera-'));
    dataset = join(dir, 'pets');
    await mkdir(join(dataset, 'cat'), { recursive: true });
    await mkdir(join(dataset, 'dog'), { recursive: true });
    await writeFile(join(dataset, 'cat', 'c1.jpg'), await makeJpeg(64, 64));
    await writeFile(join(dataset, 'dog', 'd1.jpg'), await makeJpeg(64, 64));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes each frame as a JPEG file of the class, which the next scan counts', async () => {
    const frames = await Promise.all([1, 2, 3].map(cameraFrame));
    const added = await saveCameraFrames(dataset, 'cat', frames);
    expect(added).toHaveLength(3);
    for (const [i, path] of added.entries()) {
      expect(path).toMatch(/^cat\/camera .+\.jpg$/);
      expect(Buffer.compare(await readFile(join(dataset, path)), frames[i] as Buffer)).toBe(0);
    }
    const report = await scanDataset(dataset);
    const cats = report.classes.find((c) => c.name === 'cat');
    expect(cats?.count).toBe(4);
  });

  it('creates the class folder when it does not exist yet', async () => {
    const added = await saveCameraFrames(dataset, 'bird', [await cameraFrame(4)]);
    expect(added[0]).toMatch(/^bird\//);
    expect(await readdir(join(dataset, 'bird'))).toHaveLength(1);
  });

  it('never overwrites: two bursts in the same millisecond keep every frame', async () => {
    const now = new Date('2026-01-02T03:04:05.678Z');
    const first = await saveCameraFrames(dataset, 'dog', [await cameraFrame(5)], now);
    const second = await saveCameraFrames(dataset, 'dog', [await cameraFrame(6)], now);
    expect(new Set([...first, ...second]).size).toBe(2);
    expect(await readdir(join(dataset, 'dog'))).toHaveLength(3);
  });

  it('refuses a batch holding anything but whole JPEGs, and writes none of it', async () => {
    const whole = await cameraFrame(7);
    const cut = whole.subarray(0, whole.length - 100);
    expect(await codeOf(saveCameraFrames(dataset, 'cat', [whole, cut]))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(saveCameraFrames(dataset, 'cat', [await makePng()]))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await codeOf(saveCameraFrames(dataset, 'cat', [new Uint8Array(0)]))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await readdir(join(dataset, 'cat'))).toEqual(['c1.jpg']);
  });

  it('refuses class names that are not one safe folder name', async () => {
    const frame = await cameraFrame(8);
    for (const name of ['../outside', 'a/b', '.hidden', ''])
      expect(await codeOf(saveCameraFrames(dataset, name, [frame])), name).toBe('INVALID_ARGUMENT');
    expect(await readdir(dir)).toEqual(['pets']);
  });

  it('refuses a class folder that is a link out of the dataset, and a zipped dataset', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(dataset, 'linked'));
    const frame = await cameraFrame(9);
    expect(await codeOf(saveCameraFrames(dataset, 'linked', [frame]))).toBe('FORBIDDEN');
    expect(await readdir(elsewhere)).toEqual([]);
    const zip = join(dir, 'pets.zip');
    await writeFile(zip, Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary'));
    expect(await codeOf(saveCameraFrames(zip, 'cat', [frame]))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(saveCameraFrames(join(dir, 'gone'), 'cat', [frame]))).toBe('NOT_FOUND');
  });

  it('refuses a class folder that is a dangling link out of the dataset, creating nothing', async () => {
    const missing = join(dir, 'elsewhere', 'gone');
    await symlink(missing, join(dataset, 'dangling'));
    const frame = await cameraFrame(10);
    expect(await codeOf(saveCameraFrames(dataset, 'dangling', [frame]))).toBe('FORBIDDEN');
    expect(await readdir(dir)).toEqual(['pets']);
  });
});
