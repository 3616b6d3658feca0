/**
 * A small seeded generator (mulberry32) so that splits and shuffles are reproducible from a seed
 * stored with each run. Its whole state is one 32-bit number, so a checkpoint can carry it. Not
 * for anything security-related.
 */
export type Random = () => number;

export interface StatefulRandom {
  next: Random;
  /** The state to resume from (pass it back as `state`). */
  state(): number;
}

export function statefulRandom(seed: number, state?: number): StatefulRandom {
  let current = (state ?? seed) >>> 0;
  return {
    next: () => {
      current = (current + 0x6d2b79f5) >>> 0;
      let t = current;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => current,
  };
}

export function seededRandom(seed: number): Random {
  return statefulRandom(seed).next;
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = swap;
  }
  return copy;
}
