/** Seconds per step of a run (scan, embed, train, …), as the run record's `timings` holds them. */
export class Stopwatch {
  readonly laps: Record<string, number> = {};
  private last = performance.now();

  /** Ends the current step under `name` and starts the next. */
  lap(name: string): void {
    const now = performance.now();
    this.laps[name] = Number(((now - this.last) / 1000).toFixed(3));
    this.last = now;
  }
}

/** A step's result and its wall-clock seconds (to the millisecond, as laps are). */
export async function timed<T>(step: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await step();
  return { value, seconds: Number(((performance.now() - started) / 1000).toFixed(3)) };
}
