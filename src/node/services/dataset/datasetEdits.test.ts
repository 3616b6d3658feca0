import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenedDatasets } from './openedDatasets.js';
import {
  addFilesToClass,
  checkClassName,
  checkExistingName,
  moveToClass,
  removeFiles,
  renameClass,
} from './datasetEdits.js';

describe('dataset edits', () => {
  let dir: string;
  let dataset: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-edits-'));
    dataset = join(dir, 'pets');
    for (const [folder, file] of [
      ['train/cat', 'a.jpg'],
      ['train/dog', 'b.jpg'],
      ['val/cat', 'c.jpg'],
      ['val/dog', 'a.jpg'],
    ] as const) {
      await mkdir(join(dataset, folder), { recursive: true });
      await writeFile(join(dataset, folder, file), `${folder}/${file}`);
    }
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('copies files into a class, never overwriting: a taken name gets " (2)"', async () => {
    await writeFile(join(dir, 'a.jpg'), 'new photo');
    await writeFile(join(dir, 'new.png'), 'png');
    await mkdir(join(dataset, 'bird'));
    await writeFile(join(dataset, 'bird', 'a.jpg'), 'old bird');
    const result = await addFilesToClass(dataset, 'bird', [
      join(dir, 'a.jpg'),
      join(dir, 'new.png'),
      join(dir, 'missing.jpg'),
    ]);
    expect(result.added).toEqual([join('bird', 'a (2).jpg'), join('bird', 'new.png')]);
    expect(result.skipped).toEqual([{ path: join(dir, 'missing.jpg'), reason: 'not found' }]);
    expect(await readFile(join(dataset, 'bird', 'a.jpg'), 'utf8')).toBe('old bird');
    expect(await readFile(join(dir, 'a.jpg'), 'utf8')).toBe('new photo');
  });

  it('moves a mislabelled image to another class within its split', async () => {
    expect(await moveToClass(dataset, 'val/dog/a.jpg', 'cat')).toBe(join('val', 'cat', 'a.jpg'));
    expect(await readdir(join(dataset, 'val', 'dog'))).toEqual([]);
    expect(await moveToClass(dataset, 'train/cat/a.jpg', 'dog')).toBe(
      join('train', 'dog', 'a.jpg'),
    );
    await expect(moveToClass(dataset, 'train/cat/a.jpg', 'dog')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('renames a class in every split, refusing a name that is taken', async () => {
    expect(await renameClass(dataset, 'cat', 'kitten')).toBe(2);
    expect((await readdir(join(dataset, 'train'))).sort()).toEqual(['dog', 'kitten']);
    await expect(renameClass(dataset, 'dog', 'kitten')).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    await expect(renameClass(dataset, 'horse', 'pony')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('removes images into a dated trash folder, keeping their paths: nothing is deleted', async () => {
    const trash = join(dir, 'trash');
    const where = await removeFiles(
      dataset,
      ['train/cat/a.jpg', 'val/dog/a.jpg'],
      trash,
      new Date('2026-11-29T10:00:00Z'),
    );
    expect(where).toBe(join(trash, '2026-11-29T10-00-00-000Z pets'));
    expect(await readFile(join(where, 'train', 'cat', 'a.jpg'), 'utf8')).toBe('train/cat/a.jpg');
    // The emptied class folder goes too; the other split keeps its own.
    expect((await readdir(join(dataset, 'train'))).sort()).toEqual(['dog']);
    expect((await readdir(join(dataset, 'val'))).sort()).toEqual(['cat']);
  });

  it('refuses paths outside the dataset, unsafe class names and zipped datasets', async () => {
    await expect(moveToClass(dataset, '../outside.jpg', 'cat')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(removeFiles(dataset, ['train/../../x'], join(dir, 't'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    for (const name of ['', '.hidden', 'a/b', '..', 'con', 'x:y', 'a\\b', 'tab\there'])
      expect(() => checkClassName(name), name).toThrow(/cannot be a class name/);
    expect(checkClassName('  golden retriever ')).toBe('golden retriever');
    await writeFile(join(dir, 'pets.zip'), 'PK');
    await expect(
      addFilesToClass(join(dir, 'pets.zip'), 'cat', [join(dir, 'a.jpg')]),
    ).rejects.toThrow(/extract it to a folder first/);
  });

  it('refuses every name that reaches out of its folder: "../victim" renames nothing', async () => {
    await mkdir(join(dir, 'victimdir'));
    await writeFile(join(dir, 'victimdir', 'precious.txt'), 'mine');
    for (const from of ['../victimdir', '..', '.', '', 'a/b', 'a\\b', 'nul\0byte', 'x'.repeat(256)])
      await expect(
        renameClass(dataset, from, 'stolen'),
        JSON.stringify(from),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await readdir(join(dir, 'victimdir'))).toEqual(['precious.txt']);
    expect(await readdir(dataset)).toEqual(expect.not.arrayContaining(['stolen', 'victimdir']));
    for (const path of ['/etc/passwd', 'train/../../victimdir/precious.txt', 'train//cat/a.jpg'])
      await expect(removeFiles(dataset, [path], join(dir, 't')), path).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    expect(checkExistingName('golden retriever')).toBe('golden retriever');
  });

  it('follows links to where they really lead: nothing outside the dataset is moved, renamed or written', async () => {
    const outside = join(dir, 'outside');
    await mkdir(join(outside, 'cat'), { recursive: true });
    await writeFile(join(outside, 'secret.jpg'), 'not yours');
    await writeFile(join(outside, 'cat', 'x.jpg'), 'not yours either');
    await symlink(join(outside, 'secret.jpg'), join(dataset, 'train', 'cat', 'link.jpg'));
    await symlink(outside, join(dataset, 'train', 'elsewhere'));
    await symlink(outside, join(dataset, 'test'));
    const trash = join(dir, 'trash');
    await expect(removeFiles(dataset, ['train/cat/link.jpg'], trash)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(removeFiles(dataset, ['train/elsewhere/secret.jpg'], trash)).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    await expect(moveToClass(dataset, 'train/cat/a.jpg', 'elsewhere')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(moveToClass(dataset, 'train/elsewhere/secret.jpg', 'dog')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      addFilesToClass(dataset, 'elsewhere', [join(dataset, 'train', 'dog', 'b.jpg')]),
    ).resolves.toMatchObject({ added: [join('elsewhere', 'b.jpg')] });
    await expect(
      addFilesToClass(join(dataset, 'train'), 'elsewhere', [
        join(dataset, 'train', 'dog', 'b.jpg'),
      ]),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // "test" is a split folder name that links outside: renaming "cat" must not reach into it.
    await expect(renameClass(dataset, 'cat', 'kitten')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await readdir(outside)).sort()).toEqual(['cat', 'secret.jpg']);
    expect(await readFile(join(outside, 'secret.jpg'), 'utf8')).toBe('not yours');
    expect(await readdir(join(outside, 'cat'))).toEqual(['x.jpg']);
    expect(await readdir(join(dataset, 'train'))).toEqual(expect.arrayContaining(['cat', 'dog']));
    // A dataset opened through a link to it is the dataset itself.
    await symlink(dataset, join(dir, 'pets-link'));
    expect(await moveToClass(join(dir, 'pets-link'), 'val/dog/a.jpg', 'cat')).toBe(
      join('val', 'cat', 'a.jpg'),
    );
  });

  it('edits only datasets the user opened: by real path, links included', async () => {
    const opened = new OpenedDatasets();
    await expect(opened.check(dataset)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/not a dataset open in Transfer Studio/),
    });
    await opened.add(dataset);
    await opened.add(join(dir, 'gone'));
    await symlink(dataset, join(dir, 'alias'));
    expect(await opened.check(join(dir, 'alias'))).toBe(await opened.check(dataset));
    await expect(opened.check(join(dataset, 'train'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(opened.check(join(dir, 'gone'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
