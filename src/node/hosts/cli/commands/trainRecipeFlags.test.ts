import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../../engine/tf.js';
import { seededRandom } from '../../../../common/random.js';
import { writeTestPack } from '../../../testing/packs.js';
import { packTestEnv } from '../../../testing/testEnv.js';
import { memoryIo } from '../testIo.js';
import { trainCommand } from './train.js';

const ARCH = 'mobilenet_v2_0.35_96';
const QUICK = ['--base', ARCH, '--epochs', '2', '--batch-size', '8', '--json'];

/** Two classes of 96-px photos: light squares and dark squares on noise, 6 of each. */
async function writeSquares(folder: string): Promise<void> {
  const random = seededRandom(5);
  for (const [name, value] of [
    ['light', 220],
    ['dark', 30],
  ] as const) {
    await mkdir(join(folder, name), { recursive: true });
    for (let i = 0; i < 6; i++) {
      const rgb = Buffer.alloc(96 * 96 * 3);
      const [x0, y0] = [10 + Math.floor(random() * 40), 10 + Math.floor(random() * 40)];
      for (let p = 0; p < 96 * 96; p++) {
        const [x, y] = [p % 96, Math.floor(p / 96)];
        const inside = x >= x0 && x < x0 + 36 && y >= y0 && y < y0 + 36;
        rgb.fill(inside ? value : 90 + Math.floor(random() * 80), p * 3, p * 3 + 3);
      }
      const png = await sharp(rgb, { raw: { width: 96, height: 96, channels: 3 } })
        .png()
        .toBuffer();
      await writeFile(join(folder, name, `${name}-${i}.png`), png);
    }
  }
}

describe('train (CLI): the recipe flags --members and --mixup', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-cli-recipe-'));
    await writeSquares(join(dir, 'squares'));
    await writeTestPack(join(dir, 'store'), ARCH);
    env = packTestEnv(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const settingsOf = async (out: string) =>
    JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')).settings as {
      head: { members?: number; hidden: number[] };
      mixup?: number;
    };

  it('trains the default ensemble of three heads, and one head with mixup when asked', async () => {
    const ensemble = join(dir, 'ensemble');
    const single = join(dir, 'single');
    const io = memoryIo({ env });
    expect(await trainCommand([join(dir, 'squares'), ...QUICK, '--out', ensemble], io)).toBe(0);
    expect(
      await trainCommand(
        [join(dir, 'squares'), ...QUICK, '--members', '1', '--mixup', '0.3', '--out', single],
        memoryIo({ env }),
      ),
    ).toBe(0);
    expect((await settingsOf(ensemble)).head).toMatchObject({ hidden: [100], members: 3 });
    expect((await settingsOf(ensemble)).mixup ?? 0).toBe(0);
    expect(await settingsOf(single)).toMatchObject({ head: { members: 1 }, mixup: 0.3 });
  });

  it('refuses a mixup α it cannot sample, naming the setting', async () => {
    await expect(
      trainCommand(
        [join(dir, 'squares'), ...QUICK, '--mixup', '2', '--out', join(dir, 'no')],
        memoryIo({ env }),
      ),
    ).rejects.toThrow(/mixup/);
  });
});
