import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Writes zips byte by byte, stored (uncompressed) unless an entry asks for deflate: `.keras` files
 * (their weights do not compress), and in tests entries no well-behaved zip tool would make: `../`
 * names, absolute paths, symlinks, encrypted flags. Sizes must stay under 4 GiB (no zip64).
 */
export interface StoredZipEntry {
  name: string;
  data?: Uint8Array;
  /** Unix mode, e.g. 0o120777 for a symlink; sets "made by Unix". */
  unixMode?: number;
  /** Marks the entry encrypted (bit 0 of the general purpose flags). */
  encrypted?: boolean;
  /** Compress the entry with deflate (method 8) instead of storing it. */
  deflate?: boolean;
}

export function writeStoredZip(entries: readonly StoredZipEntry[]): Buffer {
  const total = entries.reduce((sum, entry) => sum + (entry.data?.length ?? 0), 0);
  if (total >= 2 ** 32 - 2 ** 20) throw new RangeError('A stored zip must stay under 4 GiB');
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const plain = Buffer.from(entry.data ?? new Uint8Array());
    // ZipCrypto prefixes a 12-byte header, so a stored encrypted entry is 12 bytes longer.
    const packed = entry.deflate ? deflateRawSync(plain) : plain;
    const data = entry.encrypted ? Buffer.concat([Buffer.alloc(12, 7), packed]) : packed;
    const method = entry.deflate ? 8 : 0;
    const flags = 0x800 | (entry.encrypted ? 1 : 0);
    const crc = crc32(plain);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(plain.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const sizes = { compressed: data.length, uncompressed: plain.length };
    centrals.push(centralHeader(entry, name, sizes, crc, flags, offset, method), name);
    offset += local.length + name.length + data.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}

function centralHeader(
  entry: StoredZipEntry,
  name: Buffer,
  sizes: { compressed: number; uncompressed: number },
  crc: number,
  flags: number,
  offset: number,
  method: number,
): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(entry.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(flags, 8);
  header.writeUInt16LE(method, 10);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(sizes.compressed, 20);
  header.writeUInt32LE(sizes.uncompressed, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(((entry.unixMode ?? 0) << 16) >>> 0, 38);
  header.writeUInt32LE(offset, 42);
  return header;
}
