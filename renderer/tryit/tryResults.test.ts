import { describe, expect, it } from 'vitest';
import { addOnTop, byFolder, splitPath, uniqueNames } from './tryResults.js';

describe('addOnTop', () => {
  const result = (path: string, label: string) => ({ path, label });

  it('puts newer results above the earlier ones, keeping both', () => {
    const earlier = [result('/a/1.jpg', 'cat'), result('/a/2.jpg', 'dog')];
    const merged = addOnTop(earlier, [result('/b/3.jpg', 'bird')]);
    expect(merged.map((r) => r.path)).toEqual(['/b/3.jpg', '/a/1.jpg', '/a/2.jpg']);
  });

  it('moves an image tried again to the top with its new result, once', () => {
    const earlier = [result('/a/1.jpg', 'cat'), result('/a/2.jpg', 'dog')];
    const merged = addOnTop(earlier, [result('/a/2.jpg', 'fox')]);
    expect(merged).toEqual([result('/a/2.jpg', 'fox'), result('/a/1.jpg', 'cat')]);
  });

  it('shows an image given twice in one try once', () => {
    const merged = addOnTop([], [result('/a/1.jpg', 'cat'), result('/a/1.jpg', 'cat')]);
    expect(merged).toEqual([result('/a/1.jpg', 'cat')]);
  });

  it('keeps the earlier results when nothing new came', () => {
    const earlier = [result('/a/1.jpg', 'cat')];
    expect(addOnTop(earlier, [])).toEqual(earlier);
  });
});

describe('splitPath and byFolder', () => {
  it('splits POSIX and Windows paths', () => {
    expect(splitPath('/home/ann/pets/cat 1.jpg')).toEqual({
      folder: '/home/ann/pets',
      name: 'cat 1.jpg',
    });
    expect(splitPath('C:\\Users\\ann\\dog.png')).toEqual({
      folder: 'C:\\Users\\ann',
      name: 'dog.png',
    });
    expect(splitPath('/root.jpg')).toEqual({ folder: '/', name: 'root.jpg' });
    expect(splitPath('bare.jpg')).toEqual({ folder: '.', name: 'bare.jpg' });
  });

  it('groups the images of one folder together', () => {
    const groups = byFolder(['/up/1/a.jpg', '/up/2/b.jpg', '/up/1/c.jpg']);
    expect([...groups]).toEqual([
      ['/up/1', ['a.jpg', 'c.jpg']],
      ['/up/2', ['b.jpg']],
    ]);
  });
});

describe('uniqueNames', () => {
  it('renames files that share a name, keeping their extension', () => {
    expect(uniqueNames(['001.png', '001.png', 'cat.jpg', '001.png', '001 (2).png'])).toEqual([
      '001.png',
      '001 (2).png',
      'cat.jpg',
      '001 (3).png',
      '001 (2) (2).png',
    ]);
    expect(uniqueNames(['README', 'README', '.hidden', '.hidden'])).toEqual([
      'README',
      'README (2)',
      '.hidden',
      '.hidden (2)',
    ]);
  });
});
