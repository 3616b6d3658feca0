import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTargets, refuseTakenExportTargets } from './exportTargets.js';

describe('the places an export goes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-export-targets-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is the folder itself for one format, one sub-folder each for several', () => {
    expect(exportTargets('/e/flowers', ['tfjs'])).toEqual(['/e/flowers']);
    expect(exportTargets('/e/flowers', ['tfjs', 'onnx'])).toEqual([
      join('/e/flowers', 'tfjs'),
      join('/e/flowers', 'onnx'),
    ]);
  });

  it('refuses a taken place with its path, before any work, unless overwriting', async () => {
    const taken = join(dir, 'flowers export');
    await mkdir(taken);
    await expect(refuseTakenExportTargets(taken, ['tfjs'], false)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: `${taken} already exists; choose another folder or allow overwriting`,
      details: { path: taken },
    });
    await expect(refuseTakenExportTargets(taken, ['tfjs'], true)).resolves.toBeUndefined();
    // Several formats: the parent may exist; a format's own folder may not.
    await expect(refuseTakenExportTargets(taken, ['tfjs', 'onnx'], false)).resolves.toBeUndefined();
    await mkdir(join(taken, 'onnx'));
    await expect(refuseTakenExportTargets(taken, ['tfjs', 'onnx'], false)).rejects.toMatchObject({
      details: { path: join(taken, 'onnx') },
    });
    await expect(
      refuseTakenExportTargets(join(dir, 'new'), ['tfjs', 'keras'], undefined),
    ).resolves.toBeUndefined();
  });
});
