import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';

const DIGEST_BYTES = 32;

/**
 * The writes skip both flushes of writeFileAtomically: an entry proves itself by its digest, so
 * a file a power cut left short or zero-filled reads as a miss, and the two fsyncs per entry were
 * most of the embedding pipeline's file-system CPU (scripts/bench-feature-cache.js). The rename
 * stays, so a reader never opens a half-written file under its real name.
 */
const UNFLUSHED: FileOps = { ...realFileOps, sync: async () => undefined };

/**
 * Float vectors of one length on disk, one file per key (a hex hash) under two-character shard
 * folders. Each file is the values followed by the SHA-256 of their bytes: an entry whose length
 * or digest is off (truncated by a crash, damaged, another format) reads as absent, never as
 * values, so the caller embeds that item again and overwrites it.
 */
export class VectorFiles {
  /** Shard folders made by this instance: one mkdir each, not one an entry. */
  private readonly shards = new Set<string>();

  constructor(
    readonly folder: string,
    private readonly length: number,
  ) {}

  async read(key: string): Promise<Float32Array | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(key));
    } catch {
      return undefined;
    }
    const valueBytes = this.length * 4;
    if (bytes.length !== valueBytes + DIGEST_BYTES) return undefined;
    const values = bytes.subarray(0, valueBytes);
    if (!digestOf(values).equals(bytes.subarray(valueBytes))) return undefined;
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + valueBytes));
  }

  async write(key: string, values: Float32Array): Promise<void> {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    const entry = Buffer.concat([bytes, digestOf(bytes)]);
    const shard = join(this.folder, key.slice(0, 2));
    if (!this.shards.has(shard)) await this.makeShard(shard);
    await writeFileAtomically(this.pathOf(key), entry, UNFLUSHED).catch(async () => {
      // The folder may have gone since (the cache cleared while a training runs): once more.
      await this.makeShard(shard);
      await writeFileAtomically(this.pathOf(key), entry, UNFLUSHED);
    });
  }

  private async makeShard(shard: string): Promise<void> {
    await mkdir(shard, { recursive: true });
    this.shards.add(shard);
  }

  /** Where a key's entry lives (tests damage it there). */
  pathOf(key: string): string {
    return join(this.folder, key.slice(0, 2), `${key}.f32`);
  }
}

function digestOf(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}
