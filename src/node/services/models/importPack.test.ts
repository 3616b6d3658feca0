import { mkdir, mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestPack } from '../../testing/packs.js';
import { importPack } from './importPack.js';

describe('importPack', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-import-pack-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('validates a pack and copies it into the store under a free name', async () => {
    const source = await writeTestPack(join(dir, 'usb'), 'mobilenet_v2_0.35_96');
    const store = join(dir, 'store');
    await mkdir(store);
    const first = await importPack(source, store);
    const second = await importPack(source, store);
    expect(first.architecture).toBe('mobilenet_v2_0.35_96');
    expect(second.path).toMatch(/\(2\)$/);
    expect((await readdir(store)).filter((n) => !n.startsWith('.'))).toHaveLength(2);
  });

  it('refuses a damaged pack with the reason, and Keras .h5 files with the way to convert them', async () => {
    const damaged = await writeTestPack(join(dir, 'bad'), 'mobilenet_v2_0.35_96');
    const shard = (await readdir(damaged)).find((n) => n.endsWith('.bin')) ?? '';
    await truncate(join(damaged, shard), 100);
    await mkdir(join(dir, 'store2'));
    await expect(importPack(damaged, join(dir, 'store2'))).rejects.toThrow(/truncated|bytes/);
    expect(await readdir(join(dir, 'store2'))).toEqual([]);
    await writeFile(join(dir, 'weights.h5'), 'x');
    await expect(importPack(join(dir, 'weights.h5'), join(dir, 'store2'))).rejects.toThrow(
      /models fetch --from/,
    );
  });
});
