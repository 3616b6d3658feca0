import type { SplitName } from './dataset.js';
import { seededRandom, shuffled } from './random.js';

export interface SplitOptions {
  /** Fraction of each class held out for validation. Default 0.2 (Keras' usual validation_split). */
  validation?: number;
  /** Fraction of each class held out for a final test. Default 0. */
  test?: number;
  /** Seed for the per-class shuffle. Default 1337. */
  seed?: number;
}

export interface Splittable {
  path: string;
  className: string;
  /** Set when the dataset's own folders (train/ val/ test/) already say where it belongs. */
  split?: SplitName | undefined;
}

export type DatasetSplit<T> = Record<SplitName, T[]>;

/**
 * Stratified, seeded split: each class is shuffled on its own and cut by the requested fractions,
 * so every class keeps its share in every part. When the items carry their folder's split, that
 * split is used as it is.
 */
export function splitDataset<T extends Splittable>(
  items: readonly T[],
  options: SplitOptions = {},
): DatasetSplit<T> {
  if (items.length > 0 && items.every((item) => item.split !== undefined)) {
    return splitByFolder(items);
  }
  const validation = options.validation ?? 0.2;
  const test = options.test ?? 0;
  if (validation < 0 || test < 0 || validation + test >= 1) {
    throw new RangeError('validation and test fractions must be >= 0 and sum to less than 1');
  }
  const random = seededRandom(options.seed ?? 1337);
  const result: DatasetSplit<T> = { train: [], validation: [], test: [] };
  for (const members of groupByClass(items).values()) {
    const order = shuffled(members, random);
    const counts = holdOutCounts(order.length, validation, test);
    result.test.push(...order.slice(0, counts.test));
    result.validation.push(...order.slice(counts.test, counts.test + counts.validation));
    result.train.push(...order.slice(counts.test + counts.validation));
  }
  return result;
}

function splitByFolder<T extends Splittable>(items: readonly T[]): DatasetSplit<T> {
  const result: DatasetSplit<T> = { train: [], validation: [], test: [] };
  for (const item of sortedByPath(items)) result[item.split ?? 'train'].push(item);
  return result;
}

/** Classes in code-point order, members sorted by path: the split must not depend on scan order. */
function groupByClass<T extends Splittable>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of sortedByPath(items)) {
    const members = groups.get(item.className) ?? [];
    members.push(item);
    groups.set(item.className, members);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => compareCodePoints(a, b)));
}

function sortedByPath<T extends Splittable>(items: readonly T[]): T[] {
  return items.slice().sort((a, b) => compareCodePoints(a.path, b.path));
}

/**
 * Rounds each hold-out share, but never takes a class's last training example, and gives a class
 * with at least two examples one validation example when validation was asked for.
 */
export function holdOutCounts(
  size: number,
  validation: number,
  test: number,
): { validation: number; test: number } {
  let testCount = Math.round(size * test);
  let validationCount = Math.round(size * validation);
  if (validation > 0 && validationCount === 0 && size >= 2) validationCount = 1;
  while (testCount + validationCount > size - 1 && testCount + validationCount > 0) {
    if (testCount >= validationCount && testCount > 0) testCount--;
    else validationCount--;
  }
  return { validation: validationCount, test: testCount };
}

/** Python's (and Keras') string order: by code point, not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const left = a.codePointAt(i) ?? 0;
    const right = b.codePointAt(i) ?? 0;
    if (left !== right) return left - right;
    i += left > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
