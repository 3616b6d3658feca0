import { openDatasetSource } from '../services/dataset/openSource.js';
import { scanSource } from '../services/dataset/scanner.js';
import { displayPath, type DatasetSource, type SourceEntry } from '../services/dataset/source.js';
import { wrapSource } from '../services/dataset/wrappedSource.js';

/** What scans did to the datasets opened through one counting opener. */
export interface SourceReads {
  /** Folders and zips opened (a table file that is not a zip counts as a failed zip opening). */
  opens: number;
  /** Listings started (`entries()` calls). */
  listings: number;
  /** `readHead` calls per file path inside the dataset. */
  heads: Map<string, number>;
  /** `readAll` calls per file path inside the dataset. */
  wholes: Map<string, number>;
}

/**
 * Opens datasets as the app does and counts every opening, listing and file read, so a test
 * can say how often a scan touched each file through the real folder and zip sources.
 */
export function countingOpener(): {
  openDatasetSource: (path: string) => Promise<DatasetSource>;
  reads: SourceReads;
} {
  const reads: SourceReads = { opens: 0, listings: 0, heads: new Map(), wholes: new Map() };
  return {
    reads,
    openDatasetSource: async (path) => {
      reads.opens++;
      return counted(await openDatasetSource(path), reads);
    },
  };
}

/** Counts the reads of a source opened some other way (a baseline scan's). */
export function countedSource(source: DatasetSource, reads: SourceReads): DatasetSource {
  reads.opens++;
  return counted(source, reads);
}

function counted(source: DatasetSource, reads: SourceReads): DatasetSource {
  return wrapSource(source, {
    async *entries(signal?: AbortSignal): AsyncIterable<SourceEntry> {
      reads.listings++;
      for await (const entry of source.entries(signal)) yield countedEntry(entry, reads);
    },
  });
}

function countedEntry(entry: SourceEntry, reads: SourceReads): SourceEntry {
  const path = displayPath(entry.segments);
  const bump = (map: Map<string, number>) => map.set(path, (map.get(path) ?? 0) + 1);
  return {
    kind: entry.kind,
    segments: entry.segments,
    size: entry.size,
    ...(entry.problem ? { problem: entry.problem } : {}),
    readHead: (length) => {
      bump(reads.heads);
      return entry.readHead(length);
    },
    readAll: () => {
      bump(reads.wholes);
      return entry.readAll();
    },
  };
}

/** Every file's count of one kind of read, by path, sorted: comparable across two scans. */
export function readsByFile(map: Map<string, number>): [string, number][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What a plain image scan of the dataset reads, with no decision before it: the baseline. */
export async function plainScanReads(path: string): Promise<SourceReads> {
  const reads: SourceReads = { opens: 0, listings: 0, heads: new Map(), wholes: new Map() };
  const source = countedSource(await openDatasetSource(path), reads);
  await scanSource(source).finally(() => source.close());
  return reads;
}
