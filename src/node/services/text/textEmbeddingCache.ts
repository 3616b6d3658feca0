import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LongTextReading } from '../../../engine/text/longText.js';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { sweepStaleTemporaries } from '../embedding/featureCache.js';

/** Everything that changes a text's embedding; a change of any part starts a new cache folder. */
export interface TextEmbeddingCacheKey {
  modality: 'text';
  encoder: string;
  /** SHA-256 over the encoder's graph, weights and vocabulary. */
  weights: string;
  maxTokens: number;
  /** How a long text is cut into windows whose embeddings are averaged. */
  reading: LongTextReading;
  embeddingSize: number;
  /** 2: whitespace read as single spaces, long texts in windows (1: the first pieces only). */
  version: 2;
}

/** The cache entry of a text: SHA-256 of its exact UTF-8 bytes. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Text embeddings on disk, one small file per distinct text, beside the image features (same
 * root) but in folders of their own. A second training with other settings embeds nothing.
 */
export class TextEmbeddingCache {
  private constructor(
    readonly folder: string,
    private readonly embeddingSize: number,
  ) {}

  static async open(root: string, key: TextEmbeddingCacheKey): Promise<TextEmbeddingCache> {
    const folder = join(root, `text-${cacheKeyHash(key)}`);
    await mkdir(folder, { recursive: true });
    // A text's entry is written as soon as it is embedded, so a killed run leaves temporaries.
    await sweepStaleTemporaries(folder);
    await writeFileAtomically(join(folder, 'key.json'), JSON.stringify(key, null, 2));
    return new TextEmbeddingCache(folder, key.embeddingSize);
  }

  /** Undefined when absent or of the wrong length (a foreign or damaged file). */
  async get(hash: string): Promise<Float32Array | undefined> {
    try {
      const bytes = await readFile(this.pathOf(hash));
      if (bytes.length !== this.embeddingSize * 4) return undefined;
      return new Float32Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      );
    } catch {
      return undefined;
    }
  }

  /** Atomic and flushed, as image features are, so a crash never leaves a wrong entry. */
  async put(hash: string, embedding: Float32Array): Promise<void> {
    await mkdir(join(this.folder, hash.slice(0, 2)), { recursive: true });
    await writeFileAtomically(
      this.pathOf(hash),
      new Uint8Array(embedding.buffer, embedding.byteOffset, embedding.byteLength),
    );
  }

  private pathOf(hash: string): string {
    return join(this.folder, hash.slice(0, 2), `${hash}.f32`);
  }
}

function cacheKeyHash(key: TextEmbeddingCacheKey): string {
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
}
