import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { readImageFile } from './readImageFile.js';

describe('readImageFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'read-image-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const failure = async (path: string): Promise<AppError> => {
    const error: unknown = await readImageFile(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it('reads the bytes of a file', async () => {
    const path = join(dir, 'cat.png');
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await writeFile(path, bytes);
    expect(Buffer.compare(await readImageFile(path), bytes)).toBe(0);
  });

  it('says a folder is a folder, in plain words', async () => {
    const error = await failure(dir);
    expect(error.code).toBe('IS_A_FOLDER');
    expect(error.message).toContain('is a folder');
    expect(error.message).not.toContain('EISDIR');
  });

  it('says a missing file is missing', async () => {
    const error = await failure(join(dir, 'nope.jpg'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).not.toContain('ENOENT');
  });
});
