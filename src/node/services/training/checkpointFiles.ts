import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import type {
  CheckpointStore,
  StoredTensor,
  TrainingCheckpoint,
} from '../../../engine/training/checkpoint.js';
import {
  recoverFolder,
  writeFolderAtomically,
} from '../../adapters/files/writeFolderAtomically.js';

interface TensorIndex {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

type Indexed<T> = Omit<T, 'weights' | 'optimizer' | 'best'> & {
  weights: TensorIndex[];
  optimizer: TensorIndex[];
  best: { loss: number; epoch: number; weights: TensorIndex[] | undefined };
};

/**
 * Checkpoints on disk: checkpoint.json (the loop's state, tensors by offset) and tensors.bin,
 * replaced whole after every epoch, so a kill at any moment leaves the previous epoch's checkpoint.
 */
export function folderCheckpointStore(folder: string, key: string): CheckpointStore {
  return {
    save: async (checkpoint) => {
      const parts: Float32Array[] = [];
      let offset = 0;
      const index = (tensors: readonly StoredTensor[]): TensorIndex[] =>
        tensors.map((t) => {
          parts.push(t.values);
          const entry = { name: t.name, shape: t.shape, offset, length: t.values.length };
          offset += t.values.length;
          return entry;
        });
      const indexed: Indexed<TrainingCheckpoint> & { key: string } = {
        ...checkpoint,
        key,
        weights: index(checkpoint.weights),
        optimizer: index(checkpoint.optimizer),
        best: {
          ...checkpoint.best,
          weights: checkpoint.best.weights && index(checkpoint.best.weights),
        },
      };
      const values = new Float32Array(offset);
      let at = 0;
      for (const part of parts) {
        values.set(part, at);
        at += part.length;
      }
      const files = new Map<string, Uint8Array | string>([
        ['checkpoint.json', JSON.stringify(indexed)],
        ['tensors.bin', new Uint8Array(values.buffer)],
      ]);
      await writeFolderAtomically(folder, files, { overwrite: true });
    },
  };
}

/** The checkpoint in `folder`, if there is one written for the same job (`key`). */
export async function readCheckpoint(
  folder: string,
  key: string,
): Promise<TrainingCheckpoint | undefined> {
  let json: Indexed<TrainingCheckpoint> & { key: string };
  let bytes: Buffer;
  // A crash mid-save can leave the last checkpoint hidden beside the folder: put it back first.
  await recoverFolder(folder).catch(() => undefined);
  try {
    json = JSON.parse(await readFile(join(folder, 'checkpoint.json'), 'utf8')) as typeof json;
    bytes = await readFile(join(folder, 'tensors.bin'));
  } catch {
    return undefined;
  }
  if (json.key !== key) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The checkpoint in ${folder} belongs to a run with other data or settings; delete it to start again`,
    );
  }
  const values = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  const restore = (entries: TensorIndex[]): StoredTensor[] =>
    entries.map((e) => ({
      name: e.name,
      shape: e.shape,
      values: values.slice(e.offset, e.offset + e.length),
    }));
  return {
    ...json,
    weights: restore(json.weights),
    optimizer: restore(json.optimizer),
    best: { ...json.best, weights: json.best.weights && restore(json.best.weights) },
  };
}

/** A training job's checkpoints: one folder per phase, under one key. */
export interface JobCheckpoints {
  folder: string;
  phase(phase: 1 | 2): Promise<{ store: CheckpointStore; resume?: TrainingCheckpoint }>;
}

/**
 * Checkpoints keyed by everything that decides a run (`identity`: settings, classes, the split's
 * image hashes; and the base's features), so `resume` never continues a different run.
 */
export function jobCheckpoints(job: {
  folder: string;
  resume: boolean;
  identity: unknown;
  features: Float32Array;
}): JobCheckpoints {
  const { features } = job;
  const key = createHash('sha256')
    .update(canonicalJson(job.identity))
    .update(new Uint8Array(features.buffer, features.byteOffset, features.byteLength))
    .digest('hex');
  return {
    folder: job.folder,
    phase: async (phase) => {
      const path = join(job.folder, `phase${phase}`);
      const resume = job.resume ? await readCheckpoint(path, key) : undefined;
      return { store: folderCheckpointStore(path, key), ...(resume ? { resume } : {}) };
    },
  };
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
