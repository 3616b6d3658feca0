/**
 * A float32 array as a NumPy `.npy` file (format 1.0), so Python scripts can `np.load` the
 * inputs and expected outputs an export was checked on.
 */
export function float32Npy(data: Float32Array, shape: readonly number[]): Buffer {
  const header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const unpadded = 10 + header.length + 1;
  const padded = header + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix.writeUInt8(1, 6);
  prefix.writeUInt8(0, 7);
  prefix.writeUInt16LE(padded.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([prefix, Buffer.from(padded, 'latin1'), body]);
}

/** Reads back what `float32Npy` wrote (for tests and our own checks). */
export function readFloat32Npy(bytes: Uint8Array): { data: Float32Array; shape: number[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error('Not a .npy file');
  const headerLength = buffer.readUInt16LE(8);
  const header = buffer.toString('latin1', 10, 10 + headerLength);
  if (!header.includes("'<f4'")) throw new Error('Only little-endian float32 .npy is supported');
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const body = buffer.subarray(10 + headerLength);
  return {
    data: new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)),
    shape,
  };
}
