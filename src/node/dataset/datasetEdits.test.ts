import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addFilesToClass,
  checkClassName,
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
});
