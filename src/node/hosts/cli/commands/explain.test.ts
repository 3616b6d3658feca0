import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PATCH_CLASSES,
  patchImages,
  type PatchImage,
} from '../../../../engine/explain/testing/patchModel.js';
import { writePlainCnnBase } from '../../../testing/packs.js';
import { bareHomeTestEnv } from '../../../testing/testEnv.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

const SIZE = 64;

/** A patch image as a PNG, optionally with grey bars left and right (wider than it is tall). */
function png(image: PatchImage, bars = 0): Promise<Buffer> {
  return sharp(image.rgb, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .extend({ left: bars, right: bars, background: { r: 128, g: 128, b: 128 } })
    .png()
    .toBuffer();
}

describe('explain: where a trained model looked', () => {
  let dir: string;
  let modelDir: string;
  let marked: string[];
  let markedRight: string[];
  const env = () => bareHomeTestEnv(dir);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-explain-cli-'));
    const dataset = join(dir, 'patches');
    for (const name of PATCH_CLASSES) await mkdir(join(dataset, name), { recursive: true });
    const training = patchImages(60, SIZE, { seed: 21, side: 'left' });
    for (const [i, image] of training.entries())
      await writeFile(
        join(dataset, PATCH_CLASSES[image.label] ?? '', `${i}.png`),
        await png(image),
      );
    // A plain TF.js CNN as the base, cut at a convolution: the loader pools it, train adds a head.
    const plain = await writePlainCnnBase(join(dir, 'plain-cnn'), SIZE);
    modelDir = join(dir, 'model');
    const args = ['train', dataset, '--base', plain, '--feature-layer', 'block2_conv'];
    const io = memoryIo({ env: env() });
    const code = await runCli([...args, '--out', modelDir, '--epochs', '30', '--json'], io);
    if (code !== 0) throw new Error(`training failed: ${io.err()}`);
    marked = await writeMarked('left', 22);
    markedRight = await writeMarked('right', 23);
  });

  /** Marked images, every one named photo.png in a folder of its own. */
  async function writeMarked(side: 'left' | 'right', seed: number): Promise<string[]> {
    const fresh = patchImages(8, SIZE, { seed, side }).filter((i) => i.label === 1);
    const paths: string[] = [];
    for (const [i, image] of fresh.entries()) {
      const path = join(dir, `to-explain-${side}`, String(i), 'photo.png');
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, await png(image, SIZE / 4));
      paths.push(path);
    }
    return paths;
  }
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const explain = async (...args: string[]) => {
    const io = memoryIo({ env: env() });
    const code = await runCli(['explain', modelDir, ...args, '--backend', 'cpu'], io);
    return { code, io };
  };

  it('prints one JSON line per image with a heatmap over the whole image, and writes overlays', async () => {
    const out = join(dir, 'overlays');
    const { code, io } = await explain(...marked, '--class', 'marked', '--out', out, '--json');
    expect(code).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.path)).toEqual(marked);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(
        ['class', 'heatmap', 'overlay', 'path', 'prediction', 'probability'].sort(),
      );
      expect(line.class).toBe('marked');
      expect(PATCH_CLASSES).toContain(line.prediction);
      // 96×64 image, its middle 64×64 seen at 32×32 by block2_conv: 2-pixel cells, 48 × 32 of them.
      expect(line.heatmap).toHaveLength(32);
      for (const row of line.heatmap as number[][]) {
        expect(row).toHaveLength(48);
        expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
        // The grey bars were cropped away before the model saw the image.
        expect([...row.slice(0, 8), ...row.slice(40)].every((v) => v === 0)).toBe(true);
      }
    }
    // Every image is called photo.png: each still gets its own overlay.
    expect((await readdir(out)).sort()).toEqual(
      [
        'photo.explain.png',
        ...marked.slice(1).map((_, i) => `photo.explain (${i + 2}).png`),
      ].sort(),
    );
    const overlay = await sharp(lines[0].overlay).metadata();
    expect([overlay.format, overlay.width, overlay.height]).toEqual(['png', 96, 64]);
  });

  it('moves the heatmap with the patch that decides the class', async () => {
    const leftShare = async (paths: string[]) => {
      const { io } = await explain(
        ...paths,
        '--class',
        'marked',
        '--out',
        join(dir, 'side'),
        '--json',
      );
      let left = 0;
      let total = 0;
      for (const line of io.out().trim().split('\n')) {
        for (const row of JSON.parse(line).heatmap as number[][])
          row.forEach((v, c) => {
            total += v;
            if (c < row.length / 2) left += v;
          });
      }
      return left / total;
    };
    const patchLeft = await leftShare(marked);
    const patchRight = await leftShare(markedRight);
    expect(patchLeft).toBeGreaterThan(0.5);
    expect(patchLeft - patchRight).toBeGreaterThan(0.1);
  });

  it('says which class each image is predicted as, in words', async () => {
    const { code, io } = await explain(marked[0] ?? '', '--out', join(dir, 'words'));
    expect(code).toBe(0);
    expect(io.out()).toMatch(/photo\.png: (plain|marked) \d+\.\d% → .*photo\.explain\.png\n$/);
  });

  it('refuses a class the model does not have', async () => {
    const { code, io } = await explain(marked[0] ?? '', '--class', 'dog', '--out', join(dir, 'x'));
    expect(code).toBe(1);
    expect(io.err()).toMatch(/no class "dog"; its classes are: marked, plain/);
  });

  it('asks for images', async () => {
    const { code, io } = await explain();
    expect(code).toBe(2);
    expect(io.err()).toMatch(/Usage: transfer-studio explain <model-dir> <image>/);
  });
});
