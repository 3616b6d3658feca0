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
