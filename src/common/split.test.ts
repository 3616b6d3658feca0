import { describe, expect, it } from 'vitest';
import { compareCodePoints, holdOutCounts, splitDataset, type Splittable } from './split.js';

function dataset(counts: Record<string, number>): Splittable[] {
  return Object.entries(counts).flatMap(([className, n]) =>
    Array.from({ length: n }, (_, i) => ({
      path: `${className}/${String(i).padStart(3, '0')}.jpg`,
      className,
    })),
  );
}

const paths = (items: Splittable[]) => items.map((i) => i.path).sort();

describe('splitDataset', () => {
  const items = dataset({ cat: 50, dog: 30, bird: 7 });

  it('keeps each class in proportion (stratified)', () => {
    const split = splitDataset(items, { validation: 0.2, test: 0.1, seed: 1 });
    const count = (part: Splittable[], c: string) => part.filter((i) => i.className === c).length;
    expect(count(split.validation, 'cat')).toBe(10);
    expect(count(split.test, 'cat')).toBe(5);
    expect(count(split.validation, 'dog')).toBe(6);
    expect(count(split.test, 'dog')).toBe(3);
    expect(count(split.validation, 'bird')).toBe(1);
    expect(count(split.test, 'bird')).toBe(1);
  });

  it('partitions: every item exactly once', () => {
    const split = splitDataset(items, { validation: 0.25, seed: 3 });
    const all = [...split.train, ...split.validation, ...split.test];
    expect(paths(all)).toEqual(paths(items));
    expect(new Set(all.map((i) => i.path)).size).toBe(items.length);
  });

  it('is reproducible from the seed and independent of input order', () => {
    const a = splitDataset(items, { seed: 42 });
    const b = splitDataset(items.slice().reverse(), { seed: 42 });
    expect(paths(a.validation)).toEqual(paths(b.validation));
    const c = splitDataset(items, { seed: 43 });
    expect(paths(c.validation)).not.toEqual(paths(a.validation));
  });

  it("uses the folders' own split when every item has one", () => {
    const given = [
      { path: 'train/a/1', className: 'a', split: 'train' as const },
      { path: 'val/a/2', className: 'a', split: 'validation' as const },
      { path: 'test/a/3', className: 'a', split: 'test' as const },
    ];
    const split = splitDataset(given, { validation: 0.5 });
    expect(split.train.map((i) => i.path)).toEqual(['train/a/1']);
    expect(split.validation.map((i) => i.path)).toEqual(['val/a/2']);
    expect(split.test.map((i) => i.path)).toEqual(['test/a/3']);
  });

  it('rejects fractions that leave nothing to train on', () => {
    expect(() => splitDataset(items, { validation: 0.6, test: 0.4 })).toThrow(RangeError);
    expect(() => splitDataset(items, { validation: -0.1 })).toThrow(RangeError);
  });
});

describe('holdOutCounts', () => {
  it('never takes the last training example and gives small classes one validation example', () => {
    expect(holdOutCounts(1, 0.2, 0)).toEqual({ validation: 0, test: 0 });
    expect(holdOutCounts(2, 0.2, 0)).toEqual({ validation: 1, test: 0 });
    expect(holdOutCounts(3, 0.5, 0.5)).toEqual({ validation: 1, test: 1 });
    expect(holdOutCounts(100, 0.2, 0.1)).toEqual({ validation: 20, test: 10 });
  });
});

describe('compareCodePoints', () => {
  it('orders by code point like Python, not by UTF-16 unit', () => {
    // U+FF5E (fullwidth tilde) is one unit; U+1F600 (emoji) is a surrogate pair starting 0xD83D.
    const names = ['\u{1F600}', '\uFF5E', 'b', 'B', 'a'];
    expect(names.slice().sort(compareCodePoints)).toEqual(['B', 'a', 'b', '\uFF5E', '\u{1F600}']);
    expect(names.slice().sort()).not.toEqual(names.slice().sort(compareCodePoints));
  });
});
