import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failingFileOps as failing } from '../../testing/failingFileOps.js';
import { writeFolderAtomically } from './writeFolderAtomically.js';

describe('writeFolderAtomically', () => {
  let dir: string;
  const files = new Map<string, string>([
    ['model.json', '{"new": true}'],
    ['weights.bin', 'x'.repeat(1000)],
  ]);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes every file', async () => {
    await writeFolderAtomically(join(dir, 'out'), files);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it.each([
    ['disk full', 'ENOSPC', /the disk is full/],
    ['permission denied', 'EACCES', /permission denied/],
  ])('%s while writing leaves no partial output', async (_name, code, message) => {
    const ops = failing('writeFile', code, (path) => path.endsWith('weights.bin'));
    await expect(writeFolderAtomically(join(dir, 'out'), files, { ops })).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringMatching(message),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses to replace an existing folder unless asked, and then keeps the old one if the swap fails', async () => {
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'model.json'), '{"old": true}');
    await expect(writeFolderAtomically(join(dir, 'out'), files)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });

    const ops = failing('rename', 'EACCES', (from) => from.includes('.partial-'));
    await expect(
      writeFolderAtomically(join(dir, 'out'), files, { overwrite: true, ops }),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(await readFile(join(dir, 'out', 'model.json'), 'utf8')).toBe('{"old": true}');
    expect(await readdir(dir)).toEqual(['out']);

    await writeFolderAtomically(join(dir, 'out'), files, { overwrite: true });
    expect(await readFile(join(dir, 'out', 'model.json'), 'utf8')).toBe('{"new": true}');
    expect(await readdir(dir)).toEqual(['out']);
  });
});
