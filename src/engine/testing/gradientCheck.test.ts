import { describe, expect, it } from 'vitest';
import { relativeError, seededValues } from './gradientCheck.js';

describe('relativeError', () => {
  // A 1M-element gradient is the size of a 1×1 convolution's filter at 1024 → 1024 channels.
  const size = 1_000_000;

  it('measures a million-element tensor (spreading it into Math.max overflowed the stack)', () => {
    const expected = seededValues(size, 7);
    expected[123_456] = -4; // the largest magnitude sets the scale
    const actual = Float32Array.from(expected);
    actual[size - 1] = (expected[size - 1] as number) + 0.002;
    expect(relativeError(actual, expected)).toBeCloseTo(0.002 / 4, 6);
  });

  it('is zero for equal tensors and NaN when the actual one holds a NaN', () => {
    const expected = seededValues(size, 8);
    const actual = Float32Array.from(expected);
    expect(relativeError(actual, expected)).toBe(0);
    actual[size / 2] = NaN;
    expect(relativeError(actual, expected)).toBeNaN();
  });

  it('refuses tensors of different lengths', () => {
    expect(() => relativeError(new Float32Array(3), new Float32Array(4))).toThrow();
  });
});
