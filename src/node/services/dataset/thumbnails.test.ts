import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmp, solid } from '../../testing/images.js';
import { datasetThumbnails } from './thumbnails.js';

describe('datasetThumbnails', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-thumbs-'));
    await mkdir(join(dir, 'set', 'red'), { recursive: true });
    await solid(300, 120)
      .png()
      .toFile(join(dir, 'set', 'red', 'wide.png'));
    await writeFile(
      join(dir, 'set', 'red', 'tiny.bmp'),
      encodeBmp(2, 2, new Uint8Array(12).fill(200)),
    );
    await writeFile(join(dir, 'set', 'red', 'broken.png'), Buffer.from('not a png'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes square JPEG data URLs, and names the problem of a file it cannot read', async () => {
    const thumbs = await datasetThumbnails(
      join(dir, 'set'),
      ['red/wide.png', 'red/tiny.bmp', 'red/broken.png', 'red/missing.png', '../escape.png'],
      64,
    );
    const [wide, tiny, broken, missing, escape] = thumbs;
    for (const thumb of [wide, tiny]) {
      expect(thumb?.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
      const jpeg = Buffer.from(thumb?.dataUrl?.split(',')[1] ?? '', 'base64');
      expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 64, height: 64 });
    }
    expect(broken).toMatchObject({ path: 'red/broken.png', problem: expect.any(String) });
    expect(missing?.problem).toMatch(/ENOENT|no such file/i);
    expect(escape?.problem).toMatch(/Not a path inside the dataset/);
  });
});
