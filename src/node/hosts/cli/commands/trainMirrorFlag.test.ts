import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../../engine/tf.js';
import { writeTestPack } from '../../../testing/packs.js';
import { packTestEnv } from '../../../testing/testEnv.js';
import { memoryIo } from '../testIo.js';
import { trainCommand } from './train.js';

const ARCH = 'mobilenet_v2_0.35_96';
const SHAPES = new URL('../../../../../assets/samples/shapes/', import.meta.url).pathname;
const QUICK = ['--base', ARCH, '--epochs', '2', '--batch-size', '8', '--members', '1', '--json'];

describe('train (CLI): --mirror', () => {
  let dir: string;
  let env: Record<string, string>;
  let dataset: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-cli-mirror-'));
    dataset = join(dir, 'shapes');
    // The app's sample shapes, five of each.
    for (const shape of ['circle', 'square', 'triangle']) {
      await mkdir(join(dataset, shape), { recursive: true });
      const files = (await readdir(join(SHAPES, shape))).sort().slice(0, 5);
      for (const file of files)
        await copyFile(join(SHAPES, shape, file), join(dataset, shape, file));
    }
    await writeTestPack(join(dir, 'store'), ARCH);
    env = packTestEnv(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const mirrorEvents = (out: string) =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type?: string; view?: string; total?: number })
      .filter((event) => event.type === 'embedding' && event.view === 'mirror');

  it('embeds every image mirrored only when asked, and records it', async () => {
    const plain = memoryIo({ env });
    const mirrored = memoryIo({ env });
    const outPlain = join(dir, 'plain');
    const outMirror = join(dir, 'mirror');
    expect(await trainCommand([dataset, ...QUICK, '--out', outPlain], plain)).toBe(0);
    expect(await trainCommand([dataset, ...QUICK, '--mirror', '--out', outMirror], mirrored)).toBe(
      0,
    );
    expect(mirrorEvents(plain.out())).toEqual([]);
    expect(mirrorEvents(mirrored.out()).at(-1)).toMatchObject({ total: 15 });
    const settingsOf = async (out: string) =>
      JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')).settings.augmentation;
    expect((await settingsOf(outPlain)).mirror ?? false).toBe(false);
    expect((await settingsOf(outMirror)).mirror).toBe(true);
  });
});
