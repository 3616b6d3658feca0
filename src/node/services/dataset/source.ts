/**
 * A dataset arrives as a folder or a zip. Both are read through this one interface so the scanner
 * never knows which it has; entries are streamed so memory does not grow with the file count.
 */
import type { SkipCode } from '../../../common/dataset.js';

/** `rejected`: the source itself refuses the entry (unsafe zip name, unreadable folder). */
export type EntryKind = 'folder' | 'file' | 'symlink' | 'special' | 'rejected';

export interface SourceEntry {
  kind: EntryKind;
  /** Path segments relative to the folder or zip the user chose. */
  segments: string[];
  /** Size in bytes of a file entry; 0 for the other kinds. */
  size: number;
  /** Why a `rejected` entry cannot be used. */
  problem?: { code: SkipCode; reason: string };
  /** Reads up to `length` bytes from the start of a file entry. */
  readHead(length: number): Promise<Uint8Array>;
  /** Reads a whole file entry. */
  readAll(): Promise<Uint8Array>;
}

export interface ChildListing {
  name: string;
  isFolder: boolean;
}

export interface DatasetSource {
  readonly kind: 'folder' | 'zip';
  readonly path: string;
  /** The immediate children of a folder inside the source (`[]` is the root). */
  list(segments: readonly string[]): Promise<ChildListing[]>;
  /** Every entry, folders included, streamed. */
  entries(signal?: AbortSignal): AsyncIterable<SourceEntry>;
  /** Reads one file by the path a scan reported for it. */
  read(path: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function displayPath(segments: readonly string[]): string {
  return segments.join('/');
}

export async function noBytes(): Promise<Uint8Array> {
  throw new Error('This entry has no content to read');
}
