import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { writeTestPack } from '../../testing/packs.js';
import { resolveTrainingBase } from '../training/resolveTrainingBase.js';
import { findDefaultPack, listPacksIn, packStoreDir, packStoreDirs } from './packStore.js';

describe('pack stores: the user’s own and the installer’s bundled packs', () => {
  let dir: string;
  const env = () => ({
    TRANSFER_STUDIO_MODELS: join(dir, 'user'),
    TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'bundled'),
  });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-stores-'));
    await writeTestPack(join(dir, 'user'), 'mobilenet_v1_0.25_128', 'user pack');
    await writeTestPack(join(dir, 'bundled'), 'mobilenet_v2_0.35_96', 'bundled pack');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the user store first, then the bundled one (by default the repository’s)', async () => {
    expect(packStoreDirs(env())).toEqual([join(dir, 'user'), join(dir, 'bundled')]);
    expect(packStoreDirs({ TRANSFER_STUDIO_MODELS: join(dir, 'user') })).toEqual([
      join(dir, 'user'),
      join(packageRoot(), 'models', 'bundled'),
    ]);
    expect(packStoreDir(env())).toBe(join(dir, 'user'));
    const packs = await listPacksIn(packStoreDirs(env()));
    expect(packs.map((p) => [p.name, p.architecture])).toEqual([
      ['user pack', 'mobilenet_v1_0.25_128'],
      ['bundled pack', 'mobilenet_v2_0.35_96'],
    ]);
    expect((await findDefaultPack(packStoreDirs(env())))?.name).toBe('user pack');
  });

  it('trains on a catalog id found only among the bundled packs', async () => {
    const base = await resolveTrainingBase('mobilenet_v2_0.35_96', packStoreDirs(env()));
    expect(base.architecture).toBe('mobilenet_v2_0.35_96');
    base.model.dispose();
    await expect(
      resolveTrainingBase('mobilenet_v2_0.35_96', [join(dir, 'user')]),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
