import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from './random.js';

describe('seededRandom', () => {
  it('repeats for a seed and differs across seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const random = seededRandom(1);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      buckets[Math.floor(value * 10)]++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });
});

describe('shuffled', () => {
  it('returns a permutation and leaves the input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const output = shuffled(input, seededRandom(3));
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(output.slice().sort()).toEqual(input);
    expect(output).not.toEqual(input);
  });
});

describe('statefulRandom', () => {
  it('continues exactly where a saved state left off', async () => {
    const { statefulRandom } = await import('./random.js');
    const whole = statefulRandom(5);
    const first = [whole.next(), whole.next()];
    const saved = whole.state();
    const rest = [whole.next(), whole.next()];
    const resumed = statefulRandom(5, saved);
    expect([resumed.next(), resumed.next()]).toEqual(rest);
    expect(first).not.toEqual(rest);
  });
});
