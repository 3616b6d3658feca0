import { open, type FileHandle } from 'node:fs/promises';
import { constants as zlibConstants, crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { AppError } from '../../../common/errors.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import type { SkipCode } from '../../../common/dataset.js';
import { noBytes, type ChildListing, type DatasetSource, type SourceEntry } from './source.js';

export interface ZipLimits {
  /** Most entries a zip may hold. Default 200,000. */
  maxEntries: number;
  /** Most uncompressed bytes, all entries together, as the zip declares them. Default 16 GiB. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 200_000, maxTotalBytes: 16 * 2 ** 30 };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

interface ListedEntry {
  entry: yauzl.Entry;
  segments: string[];
  isFolder: boolean;
  problem: { code: SkipCode; reason: string } | undefined;
  isSymlink: boolean;
}

/**
 * Reads a zipped dataset. yauzl rejects a whole archive at the first unsafe name; a dataset must
 * instead report each bad entry and keep the rest, so names are decoded and checked here.
 */
export class ZipSource implements DatasetSource {
  readonly kind = 'zip';

  private constructor(
    readonly path: string,
    private readonly zip: yauzl.ZipFile,
    private readonly listed: ListedEntry[],
    private readonly file: FileHandle,
  ) {}

  static async open(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipSource> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(path, {
        lazyEntries: true,
        decodeStrings: false,
        validateEntrySizes: true,
        autoClose: false,
      });
    } catch (error) {
      throw new AppError('ZIP_INVALID', `Not a readable zip file: ${messageOf(error)}`, { path });
    }
    let file: FileHandle | undefined;
    try {
      const listed = await listEntries(zip, limits);
      file = await open(path, 'r');
      return new ZipSource(path, zip, listed, file);
    } catch (error) {
      zip.close();
      await file?.close();
      throw error;
    }
  }

  async list(segments: readonly string[]): Promise<ChildListing[]> {
    const children = new Map<string, boolean>();
    for (const item of this.listed) {
      if (item.problem !== undefined || !startsWithSegments(item.segments, segments)) continue;
      const name = item.segments[segments.length];
      if (name === undefined) continue;
      const deeper = item.segments.length > segments.length + 1;
      children.set(name, (children.get(name) ?? false) || deeper || item.isFolder);
    }
    return [...children].map(([name, isFolder]) => ({ name, isFolder }));
  }

  async *entries(signal?: AbortSignal): AsyncIterable<SourceEntry> {
    for (const folder of impliedFolders(this.listed)) {
      yield { kind: 'folder', segments: folder, size: 0, readHead: noBytes, readAll: noBytes };
    }
    for (const item of this.listed) {
      throwIfAborted(signal);
      if (item.problem !== undefined) yield unsafeEntry(item);
      else if (!item.isFolder) yield this.fileEntry(item);
    }
  }

  private byPath: Map<string, ListedEntry> | undefined;

  async read(path: string): Promise<Uint8Array> {
    this.byPath ??= new Map(
      this.listed
        .filter((l) => l.problem === undefined && !l.isFolder && !l.isSymlink)
        .map((l) => [l.segments.join('/'), l]),
    );
    const item = this.byPath.get(path);
    if (!item) throw new AppError('NOT_FOUND', `No file ${path} in ${this.path}`);
    return this.readWhole(item.entry);
  }

  async close(): Promise<void> {
    this.zip.close();
    await this.file.close();
  }

  private fileEntry(item: ListedEntry): SourceEntry {
    const kind = item.isSymlink ? 'symlink' : 'file';
    return {
      kind,
      segments: item.segments,
      size: kind === 'file' ? item.entry.uncompressedSize : 0,
      readHead: kind === 'file' ? (length) => this.readHead(item.entry, length) : noBytes,
      readAll: kind === 'file' ? () => this.readWhole(item.entry) : noBytes,
    };
  }

  /*
   * Entry data is read here with plain positioned reads and inflated with zlib, not through
   * yauzl's read streams: ending one of those early (or on a corrupt entry) while another read is
   * queued on the shared file crashes the whole process (fd-slicer dereferences a released file).
   * yauzl still parses the directory and local headers.
   */
  private readonly dataStarts = new Map<yauzl.Entry, number>();

  private async rawBytes(entry: yauzl.Entry, length: number): Promise<Buffer> {
    let start = this.dataStarts.get(entry);
    if (start === undefined) {
      start = (await this.zip.readLocalFileHeaderPromise(entry, { minimal: true })).fileDataStart;
      this.dataStarts.set(entry, start);
    }
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(buffer, 0, length, start);
    if (bytesRead < length) throw damaged(entry, 'the zip ends inside this entry');
    return buffer;
  }

  /** The first `length` bytes, inflating only as much compressed data as that takes. */
  private async readHead(entry: yauzl.Entry, length: number): Promise<Uint8Array> {
    if (entry.compressionMethod === 0) {
      return this.rawBytes(entry, Math.min(length, entry.compressedSize));
    }
    for (let take = Math.min(entry.compressedSize, Math.max(length, 1024)); ; take *= 4) {
      take = Math.min(take, entry.compressedSize);
      const plain = inflatePartial(entry, await this.rawBytes(entry, take));
      if (plain.length >= length || take === entry.compressedSize) return plain.subarray(0, length);
    }
  }

  /** The whole entry, checked against the sizes and CRC the zip declares. */
  private async readWhole(entry: yauzl.Entry): Promise<Uint8Array> {
    const raw = await this.rawBytes(entry, entry.compressedSize);
    const plain = entry.compressionMethod === 0 ? raw : inflateWhole(entry, raw);
    if (plain.length !== entry.uncompressedSize) {
      throw damaged(
        entry,
        `it holds ${plain.length} bytes, not the ${entry.uncompressedSize} declared`,
      );
    }
    if (crc32(plain) !== entry.crc32) throw damaged(entry, 'its checksum does not match');
    return plain;
  }
}

function inflateWhole(entry: yauzl.Entry, raw: Buffer): Buffer {
  try {
    // One byte over the declared size is enough to tell a lying header from an honest one.
    return inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
  } catch (error) {
    throw damaged(entry, messageOf(error));
  }
}

function inflatePartial(entry: yauzl.Entry, raw: Buffer): Buffer {
  try {
    return inflateRawSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch (error) {
    throw damaged(entry, messageOf(error));
  }
}

function damaged(entry: yauzl.Entry, why: string): AppError {
  return new AppError('ZIP_INVALID', `damaged in the zip: ${why}`, {
    compressedSize: entry.compressedSize,
  });
}

async function listEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<ListedEntry[]> {
  if (zip.entryCount > limits.maxEntries) {
    throw limitError(`The zip holds ${zip.entryCount} entries; the limit is ${limits.maxEntries}.`);
  }
  const listed: ListedEntry[] = [];
  let totalBytes = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      totalBytes += entry.uncompressedSize;
      if (totalBytes > limits.maxTotalBytes) {
        throw limitError(
          `The zip would unpack to more than ${limits.maxTotalBytes} bytes (the limit).`,
        );
      }
      listed.push(describeEntry(entry));
    }
    markRepeatedNames(listed);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('ZIP_INVALID', `The zip file is damaged: ${messageOf(error)}`);
  }
  return listed;
}

/**
 * A zip may hold two entries under one name; extracting it keeps one of them, and a scan that
 * imported both would report a hash for bytes a later read does not return. The first is used.
 */
function markRepeatedNames(listed: ListedEntry[]): void {
  const seen = new Set<string>();
  for (const item of listed) {
    if (item.problem !== undefined || item.isFolder) continue;
    const name = item.segments.join('/');
    if (seen.has(name))
      item.problem = {
        code: 'zip-entry-invalid',
        reason: 'another entry in the zip has the same name; the first one is used',
      };
    seen.add(name);
  }
}

function describeEntry(entry: yauzl.Entry): ListedEntry {
  const name = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    false,
  );
  const mode = entry.externalFileAttributes >>> 16;
  const isSymlink = entry.versionMadeBy >> 8 === MADE_BY_UNIX && (mode & S_IFMT) === S_IFLNK;
  return {
    entry,
    segments: name.split('/').filter((segment) => segment !== '' && segment !== '.'),
    isFolder: name.endsWith('/'),
    problem: entryProblem(name, entry),
    isSymlink,
  };
}

function entryProblem(name: string, entry: yauzl.Entry): ListedEntry['problem'] {
  const unsafe = unsafeNameProblem(name);
  if (unsafe !== undefined) return { code: 'unsafe-zip-entry', reason: unsafe };
  const unsupported = unsupportedEntryProblem(entry);
  if (unsupported !== undefined) return { code: 'zip-entry-invalid', reason: unsupported };
  return undefined;
}

/** Entry names that could write or read outside the dataset ("zip slip") are never used. */
export function unsafeNameProblem(name: string): string | undefined {
  if (name.includes('\0')) return 'unsafe path in zip (contains a NUL character)';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'unsafe path in zip (absolute path)';
  if (name.split('/').includes('..')) return "unsafe path in zip (contains '..')";
  return undefined;
}

function unsupportedEntryProblem(entry: yauzl.Entry): string | undefined {
  if (entry.isEncrypted()) return 'encrypted zip entry';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return `unsupported zip compression method ${entry.compressionMethod}`;
  }
  return undefined;
}

function unsafeEntry(item: ListedEntry): SourceEntry {
  const rawName = yauzl.getFileNameLowLevel(
    item.entry.generalPurposeBitFlag,
    item.entry.fileNameRaw,
    item.entry.extraFields,
    false,
  );
  return {
    kind: 'rejected',
    segments: [rawName],
    size: 0,
    problem: item.problem,
    readHead: noBytes,
    readAll: noBytes,
  };
}

/** Folders a zip implies through its file paths, even when it has no entry for the folder. */
function impliedFolders(listed: readonly ListedEntry[]): string[][] {
  const folders = new Map<string, string[]>();
  for (const item of listed) {
    if (item.problem !== undefined) continue;
    const depth = item.isFolder ? item.segments.length : item.segments.length - 1;
    for (let i = 1; i <= depth; i++) {
      const folder = item.segments.slice(0, i);
      folders.set(folder.join('/'), folder);
    }
  }
  return [...folders.values()];
}

function startsWithSegments(segments: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((segment, i) => segments[i] === segment);
}

function limitError(message: string): AppError {
  return new AppError('ZIP_LIMIT_EXCEEDED', message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
