import { describe, expect, it } from 'vitest';
import { RateMeter } from './liveRate.js';

describe('predictions per second', () => {
  it('is 0 until two answers came, then answers per second over the last ones', () => {
    const meter = new RateMeter(4);
    expect(meter.tick(1000)).toBe(0);
    expect(meter.tick(1100)).toBeCloseTo(10);
    expect(meter.tick(1200)).toBeCloseTo(10);
  });

  it('follows a slowdown within its window', () => {
    const meter = new RateMeter(4);
    let now = 0;
    for (let i = 0; i < 10; i++) meter.tick((now += 50));
    expect(meter.tick((now += 50))).toBeCloseTo(20);
    let rate = 0;
    for (let i = 0; i < 4; i++) rate = meter.tick((now += 250));
    expect(rate).toBeCloseTo(4);
  });

  it('never divides by zero when two answers share a millisecond', () => {
    const meter = new RateMeter();
    meter.tick(5);
    expect(meter.tick(5)).toBe(0);
  });
});
