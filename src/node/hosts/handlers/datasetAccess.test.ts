import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { saveProject } from '../../services/projects/projectStore.js';
import { writeShapeSamples } from '../../services/samples/shapes.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';

describe('dataset edits through the handlers', () => {
  let dir: string;
  let pair: HandlerPair;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-access-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 2, size: 16, seed: 5 });
    await writeShapeSamples(join(dir, 'from-project'), { perClass: 2, size: 16, seed: 6 });
    await mkdir(join(dir, 'victimdir'));
    await writeFile(join(dir, 'victimdir', 'precious.txt'), 'mine');
    pair = handlerPair({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('changes only datasets the user scanned or whose project they opened', async () => {
    const shapes = join(dir, 'shapes');
    await expect(
      pair.rpc.call('dataset.renameClass', { dataset: shapes, from: 'circle', to: 'ring' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      pair.rpc.call('dataset.removeFiles', { dataset: dir, paths: ['victimdir/precious.txt'] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await pair.rpc.call('dataset.scan', { path: shapes });
    await expect(
      pair.rpc.call('dataset.renameClass', { dataset: shapes, from: '../victimdir', to: 'x' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await readdir(join(dir, 'victimdir'))).toEqual(['precious.txt']);
    expect(
      await pair.rpc.call('dataset.renameClass', { dataset: shapes, from: 'circle', to: 'ring' }),
    ).toEqual({ renamed: 1 });
    const { trash } = await pair.rpc.call('dataset.removeFiles', {
      dataset: shapes,
      paths: ['ring/circle-000.png'],
    });
    expect(trash.startsWith(join(dir, 'home', 'trash'))).toBe(true);

    const folder = join(dir, 'project');
    const now = new Date().toISOString();
    await saveProject(folder, {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: 'p',
      datasets: [{ path: join(dir, 'from-project'), images: {} }],
      classes: [],
      settings: DEFAULT_TRAIN_SETTINGS,
      runs: [],
      createdAt: now,
      updatedAt: now,
    });
    const fromProject = { dataset: join(dir, 'from-project'), from: 'square', to: 'box' };
    await expect(pair.rpc.call('dataset.renameClass', fromProject)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await pair.rpc.call('project.open', { folder });
    expect(await pair.rpc.call('dataset.renameClass', fromProject)).toEqual({ renamed: 1 });
  });
});
