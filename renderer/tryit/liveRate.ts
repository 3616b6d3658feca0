/**
 * Predictions per second over the last few answers: the live view's rate follows changes (a
 * busier machine, a bigger model) within a second or two, without jumping at every frame.
 */
export class RateMeter {
  private readonly times: number[] = [];

  constructor(private readonly window = 10) {}

  /** Records an answer at `now` (milliseconds); returns the rate, 0 until two answers came. */
  tick(now: number): number {
    this.times.push(now);
    if (this.times.length > this.window + 1) this.times.shift();
    const first = this.times[0] ?? now;
    const span = now - first;
    return this.times.length < 2 || span <= 0 ? 0 : ((this.times.length - 1) * 1000) / span;
  }
}
