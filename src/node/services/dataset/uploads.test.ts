import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeError } from '../../../common/errors.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { makePng } from '../../testing/images.js';
import { scanDataset } from './scanner.js';
import { storeUpload } from './uploads.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('storeUpload (browser mode drops)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-uploads-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes batches of a dropped folder into one new folder of the uploads directory', async () => {
    const first = await storeUpload(
      dir,
      'my pets!',
      [{ path: 'cat/1.jpg', data: bytes('cat') }],
      undefined,
      new Date('2026-11-29T12:00:00Z'),
    );
    const folder = join(dir, '2026-11-29T12-00-00-000', 'my pets_');
    expect(first).toEqual({ path: folder, folder });
    expect(
      await storeUpload(dir, 'my pets!', [{ path: 'dog/2.jpg', data: bytes('dog') }], folder),
    ).toEqual({ path: folder, folder });
    expect(await readFile(join(folder, 'cat', '1.jpg'), 'utf8')).toBe('cat');
    expect(await readFile(join(folder, 'dog', '2.jpg'), 'utf8')).toBe('dog');
  });

  it('gives two uploads started in the same millisecond two folders', async () => {
    const now = new Date('2026-11-29T13:00:00Z');
    const [a, b] = await Promise.all(
      ['a', 'b'].map((text) =>
        storeUpload(dir, 'same', [{ path: 'x/1.jpg', data: bytes(text) }], undefined, now),
      ),
    );
    expect(a?.folder).not.toBe(b?.folder);
    expect(await readFile(join(a?.folder ?? '', 'x', '1.jpg'), 'utf8')).toBe('a');
    expect(await readFile(join(b?.folder ?? '', 'x', '1.jpg'), 'utf8')).toBe('b');
  });

  it('appends a file sent in chunks, and refuses a chunk out of order', async () => {
    const { folder } = await storeUpload(dir, 'big', [{ path: 'f.bin', data: bytes('ab') }]);
    await storeUpload(dir, 'big', [{ path: 'f.bin', data: bytes('cd'), offset: 2 }], folder);
    await storeUpload(dir, 'big', [{ path: 'f.bin', data: bytes('e'), offset: 4 }], folder);
    expect(await readFile(join(folder, 'f.bin'), 'utf8')).toBe('abcde');
    await expect(
      storeUpload(dir, 'big', [{ path: 'f.bin', data: bytes('x'), offset: 3 }], folder),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /out of order/ });
    expect(await readFile(join(folder, 'f.bin'), 'utf8')).toBe('abcde');
  });

  it('scans an uploaded zip as a zip dataset, not as a folder holding a stray file', async () => {
    const png = await makePng(40, 40, { r: 200, g: 0, b: 0 });
    const zip = writeStoredZip([
      { name: 'red/1.png', data: png },
      { name: 'red/2.png', data: png },
      { name: 'blue/1.png', data: png },
    ]);
    const half = Math.floor(zip.length / 2);
    const first = await storeUpload(dir, 'google.zip', [
      { path: 'google.zip', data: zip.subarray(0, half) },
    ]);
    const { path } = await storeUpload(
      dir,
      'google.zip',
      [{ path: 'google.zip', data: zip.subarray(half), offset: half }],
      first.folder,
    );
    expect(path).toBe(join(first.folder, 'google.zip'));
    const report = await scanDataset(path);
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['blue', 1],
      ['red', 2],
    ]);
  });

  it('explains a file name too long for the disk instead of failing with ENAMETOOLONG', async () => {
    const name = `${'n'.repeat(296)}.jpg`;
    await expect(storeUpload(dir, name, [{ path: name, data: bytes('x') }])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /300 characters long.*Rename it/,
    });
    const deep = Array.from({ length: 40 }, () => 'd'.repeat(200)).join('/');
    await expect(
      storeUpload(dir, 'deep', [{ path: `${deep}/1.jpg`, data: bytes('x') }]),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /longer than this disk allows/ });
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

  it('decodes base64 as a browser sends it, and refuses damaged base64 before writing anything', async () => {
    // One upload message's worth (the page sends about 1 MiB of file per message).
    const chunk = Buffer.from(Array.from({ length: 2 ** 20 + 1 }, (_, i) => (i * 131) % 256));
    const base64 = chunk.toString('base64');
    const { folder } = await storeUpload(dir, 'b64', [{ path: 'x/chunk.bin', base64 }]);
    expect(Buffer.compare(await readFile(join(folder, 'x', 'chunk.bin')), chunk)).toBe(0);

    const middle = base64.length / 2;
    const damaged = [
      [
        `${base64.slice(0, middle)}$${base64.slice(middle + 1)}`,
        /"\$" at position \d+ is not base64/,
      ],
      [`${base64.slice(0, middle)} ${base64.slice(middle)}`, /" " at position \d+ is not base64/],
      ['YQ==YQ==', /"=" padding only at the end/],
      ['YWJ', /"=" padding only at the end/],
    ] as const;
    const before = await readdir(dir);
    for (const [text, why] of damaged) {
      const stored = storeUpload(dir, 'bad', [
        { path: 'ok.txt', base64: 'b2s=' },
        { path: 'a/bad.bin', base64: text },
      ]);
      await expect(stored).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/^The bytes of "a\/bad\.bin" arrived damaged/),
      });
      await expect(stored).rejects.toThrow(why);
    }
    expect(await readdir(dir)).toEqual(before);
  });

  it('refuses a file and a folder of the same name as a conflict the user can fix', async () => {
    const { folder } = await storeUpload(dir, 'clash', [{ path: 'cat', data: bytes('a file') }]);
    for (const path of ['cat/1.jpg', 'cat/deeper/2.jpg']) {
      const error = await storeUpload(dir, 'clash', [{ path, data: bytes('x') }], folder).catch(
        (e: unknown) => e,
      );
      expect(serializeError(error)).toMatchObject({
        code: 'ALREADY_EXISTS',
        message: `"${path}" cannot be added: "cat" is already in this upload as a file, and one name cannot be both a file and a folder. Rename one of them and add it again.`,
      });
    }
    await storeUpload(dir, 'clash', [{ path: 'dog/1.jpg', data: bytes('x') }], folder);
    const error = await storeUpload(
      dir,
      'clash',
      [{ path: 'dog', data: bytes('x') }],
      folder,
    ).catch((e: unknown) => e);
    expect(serializeError(error)).toMatchObject({
      code: 'ALREADY_EXISTS',
      message: expect.stringMatching(
        /^"dog" cannot be added: "dog" is already in this upload as a folder/,
      ),
    });
    expect(await readFile(join(folder, 'cat'), 'utf8')).toBe('a file');
  });
});
