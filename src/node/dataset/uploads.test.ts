import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeUpload } from './uploads.js';

describe('storeUpload (browser mode drops)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-uploads-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes batches of a dropped folder into one new folder of the uploads directory', async () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const folder = await storeUpload(
      dir,
      'my pets!',
      [{ path: 'cat/1.jpg', data: bytes('cat') }],
      undefined,
      new Date('2026-11-29T12:00:00Z'),
    );
    expect(folder).toBe(join(dir, '2026-11-29T12-00-00-000', 'my pets_'));
    expect(
      await storeUpload(dir, 'my pets!', [{ path: 'dog/2.jpg', data: bytes('dog') }], folder),
    ).toBe(folder);
    expect(await readFile(join(folder, 'cat', '1.jpg'), 'utf8')).toBe('cat');
    expect(await readFile(join(folder, 'dog', '2.jpg'), 'utf8')).toBe('dog');
  });

  it('refuses paths that could land outside the folder, and folders outside the uploads', async () => {
    for (const path of ['../x.jpg', '/etc/x', 'a/../../x', 'C:/x', 'a\\..\\x', 'a//b', './a'])
      await expect(
        storeUpload(dir, 'd', [{ path, data: new Uint8Array() }]),
        path,
      ).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    await expect(
      storeUpload(dir, 'd', [{ path: 'a.jpg', data: new Uint8Array() }], tmpdir()),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
