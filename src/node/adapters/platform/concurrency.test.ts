import { describe, expect, it } from 'vitest';
import { forEachBounded } from './concurrency.js';

describe('forEachBounded', () => {
  it('runs every item with at most `limit` at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, (n % 3) * 2));
      running--;
      done.push(n);
    });
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops pulling after a failure and rethrows it once the running tasks settle', async () => {
    const started: number[] = [];
    const failing = forEachBounded([1, 2, 3, 4, 5, 6], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('rejects a limit below one', async () => {
    await expect(forEachBounded([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });
});
