import { describe, expect, it } from 'vitest';
import { float32Npy, readFloat32Npy } from './npy.js';

describe('float32Npy', () => {
  it('writes a NumPy 1.0 header padded to 64 bytes, then the values', () => {
    const bytes = float32Npy(Float32Array.from([1, -2.5, 3, 4, 5, 6]), [2, 3]);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x93, 78, 85, 77, 80, 89, 1, 0]));
    const headerLength = bytes.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes.toString('latin1', 10, 10 + headerLength)).toMatch(
      /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/,
    );
    expect(readFloat32Npy(bytes)).toEqual({
      data: Float32Array.from([1, -2.5, 3, 4, 5, 6]),
      shape: [2, 3],
    });
  });

  it('writes a one-dimensional shape as a Python 1-tuple', () => {
    const bytes = float32Npy(Float32Array.from([7]), [1]);
    expect(bytes.toString('latin1')).toContain("'shape': (1,)");
    expect(readFloat32Npy(bytes).shape).toEqual([1]);
  });
});
