import { isSystemPath } from './layout.js';
import { openAnyDatasetSource, type SourceOpener } from './anySource.js';
import type { DatasetSource, SourceEntry } from './source.js';
import { wrapSource } from './wrappedSource.js';
import { looksLikeTextHead } from './textDecode.js';

export type DatasetModality = 'image' | 'text';

/** At most this many file heads decide (a majority of them); fewer when the majority is certain. */
const DECIDING_FILES = 64;
/** Bytes of each file judged; the scans that follow are served these bytes, not a second read. */
const HEAD_BYTES = 4096;

export interface DecidedSource {
  modality: DatasetModality;
  /**
   * The same opened source, its listing going on from where the decision stopped: its `entries()`
   * hands out the files already judged (their heads kept) and then the rest, once.
   */
  source: DatasetSource;
  /** Ends the listing when no scan follows the decision. */
  stop(): Promise<void>;
}

/**
 * Whether a source holds texts or images, judged by the bytes of its first files while they are
 * listed: text has no binary bytes (in UTF-8, a code page such as Windows-1252, or UTF-16 with
 * its byte order mark); images start with their format's signature. The listing is not
 * restarted: whichever scan follows reads on from here.
 */
export async function decideModality(
  source: DatasetSource,
  signal?: AbortSignal,
): Promise<DecidedSource> {
  const listing = source.entries(signal)[Symbol.asyncIterator]();
  const judged: SourceEntry[] = [];
  let texts = 0;
  let others = 0;
  let finished = false;
  while (!certain(texts, others)) {
    const next = await listing.next();
    if (next.done) {
      finished = true;
      break;
    }
    const entry = next.value;
    if (entry.kind !== 'file' || entry.size === 0 || isSystemPath(entry.segments)) {
      judged.push(entry);
      continue;
    }
    const head = await entry.readHead(HEAD_BYTES);
    judged.push(withKnownHead(entry, head, source.kind === 'folder'));
    if (looksLikeTextHead(head)) texts++;
    else others++;
  }
  return {
    modality: texts > others ? 'text' : 'image',
    source: goingOn(source, judged, finished ? undefined : listing),
    stop: async () => {
      if (!finished) await listing.return?.();
    },
  };
}

/**
 * Decides the modality of the dataset at `path` and closes it: for a request that only needs to
 * know where to go (the training then scans on its own). Anything unreadable is left to the image
 * path, which says what is wrong with it.
 */
export async function datasetModality(
  path: string,
  openSource?: SourceOpener,
): Promise<DatasetModality> {
  try {
    const source = await openAnyDatasetSource(path, openSource);
    try {
      const decided = await decideModality(source);
      await decided.stop();
      return decided.modality;
    } finally {
      await source.close();
    }
  } catch {
    return 'image';
  }
}

function certain(texts: number, others: number): boolean {
  const half = DECIDING_FILES / 2;
  return texts > half || others >= half || texts + others >= DECIDING_FILES;
}

/**
 * The entry, its first bytes served from what the decision read. A small file's head is the whole
 * file only in a folder: a zip entry's readAll also checks its size and CRC, which a damaged entry
 * fails, and that check must not be skipped.
 */
function withKnownHead(entry: SourceEntry, head: Uint8Array, inFolder: boolean): SourceEntry {
  const wholeFile = inFolder && head.length === entry.size;
  return {
    kind: entry.kind,
    segments: entry.segments,
    size: entry.size,
    ...(entry.problem ? { problem: entry.problem } : {}),
    readHead: (length) =>
      length <= head.length || wholeFile
        ? Promise.resolve(head.slice(0, length))
        : entry.readHead(length),
    readAll: () => (wholeFile ? Promise.resolve(head.slice()) : entry.readAll()),
  };
}

function goingOn(
  source: DatasetSource,
  judged: SourceEntry[],
  rest: AsyncIterator<SourceEntry> | undefined,
): DatasetSource {
  let handedOut = false;
  return wrapSource(source, {
    entries: () => {
      if (handedOut) throw new Error('A decided source is listed once; open it again to re-list');
      handedOut = true;
      return replay(judged, rest);
    },
  });
}

async function* replay(
  judged: SourceEntry[],
  rest: AsyncIterator<SourceEntry> | undefined,
): AsyncIterable<SourceEntry> {
  yield* judged;
  if (!rest) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
