import { describe, expect, it } from 'vitest';
import {
  addOnTop,
  addTry,
  byFolder,
  emptyTry,
  shownFor,
  splitPath,
  triedImages,
  uniqueNames,
  withoutFailures,
  type TryAnswer,
} from './tryResults.js';

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

describe('addTry: one model’s results on screen', () => {
  const PETS = '/home/ann/.transfer-studio/runs/2026-11-30 pets';
  const SHAPES = '/home/ann/.transfer-studio/runs/2026-11-30 shapes';
  const answer = (classes: string[], ...paths: string[]): TryAnswer => ({
    predictions: paths.map((path) => ({
      path,
      prediction: classes[0] ?? '',
      probabilities: classes.map((c, i) => ({ class: c, probability: i === 0 ? 0.9 : 0.1 })),
    })),
    guesses: {
      model: 'MobileNet V1 0.75',
      results: paths.map((path) => ({ path, guesses: [{ label: 'tabby', probability: 0.7 }] })),
    },
    thumbnails: paths.map((path) => [path, `data:image/png;base64,${path.length}`] as const),
  });

  it('drops an answer asked of the previous model', () => {
    const now = addTry(emptyTry(SHAPES), SHAPES, answer(['circle', 'square'], '/try/a.png'));
    const stale = addTry(now, PETS, answer(['cat', 'dog'], '/try/cat.jpg'));
    expect(stale).toBe(now);
    expect(stale.predictions.map((p) => p.prediction)).toEqual(['circle']);
  });

  it('shows nothing of another model, even before the screen has reset', () => {
    const pets = addTry(emptyTry(PETS), PETS, answer(['cat', 'dog'], '/try/cat.jpg'));
    expect(shownFor(pets, PETS)).toBe(pets);
    expect(shownFor(pets, SHAPES)).toEqual(emptyTry(SHAPES));
  });

  it('numbers each try, so a path tried again is a new image to explain', () => {
    let state = addTry(emptyTry(PETS), PETS, answer(['cat', 'dog'], '/try/1.jpg', '/try/2.jpg'));
    state = addTry(state, PETS, answer(['dog', 'cat'], '/try/2.jpg'));
    expect(triedImages(state)).toEqual([
      { path: '/try/2.jpg', tryId: 2 },
      { path: '/try/1.jpg', tryId: 1 },
    ]);
    expect(state.predictions[0]?.prediction).toBe('dog');
    expect(state.guesses?.results.map((r) => r.path)).toEqual(['/try/2.jpg', '/try/1.jpg']);
    expect([...state.thumbnails.keys()].sort()).toEqual(['/try/1.jpg', '/try/2.jpg']);
  });

  it('without a trained model keeps the pretrained guesses of every try', () => {
    const first = { ...answer([], '/try/a.jpg'), predictions: [] };
    const second = { ...answer([], '/try/b.jpg'), predictions: [] };
    const state = addTry(addTry(emptyTry(undefined), undefined, first), undefined, second);
    expect(state.predictions).toEqual([]);
    expect(state.guesses?.results.map((r) => r.path)).toEqual(['/try/b.jpg', '/try/a.jpg']);
  });

  it('keeps the earlier guesses when the pretrained network had nothing to add', () => {
    const first = addTry(emptyTry(PETS), PETS, answer(['cat', 'dog'], '/try/1.jpg'));
    const second = addTry(first, PETS, {
      ...answer(['cat', 'dog'], '/try/2.jpg'),
      guesses: undefined,
    });
    expect(second.guesses).toEqual(first.guesses);
    expect(second.predictions).toHaveLength(2);
  });
});

describe('withoutFailures', () => {
  it('keeps the classified images as cards and each failed file as one line naming it', () => {
    const cat = {
      path: '/try/cat.jpg',
      prediction: 'cat',
      probabilities: [{ class: 'cat', probability: 0.9 }],
    };
    const empty = {
      path: '/try/empty.jpg',
      prediction: '',
      probabilities: [],
      error: {
        code: 'IMAGE_DECODE_FAILED' as const,
        message: '/try/empty.jpg cannot be used: the file is empty (0 bytes)',
      },
    };
    const folder = {
      ...empty,
      path: '/try/holiday',
      error: { code: 'IS_A_FOLDER' as const, message: '/try/holiday is a folder' },
    };
    expect(withoutFailures([empty, cat, folder])).toEqual({
      predictions: [cat],
      failures: [empty.error.message, folder.error.message],
    });
  });
});
