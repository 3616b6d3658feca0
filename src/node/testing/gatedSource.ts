import { openDatasetSource } from '../services/dataset/openSource.js';
import type { DatasetSource, SourceEntry } from '../services/dataset/source.js';
import { wrapSource } from '../services/dataset/wrappedSource.js';

export interface SourceGate {
  /** Opens datasets as the app does; the first scan to reach the gate waits there. */
  openDatasetSource: (path: string) => Promise<DatasetSource>;
  /** Resolves when a scan waits at the gate, with the signal that scan was given. */
  reached: Promise<AbortSignal | undefined>;
  /** Lets the waiting scan (and every later one) go on. */
  open(): void;
}

/**
 * Where a scan waits: before handing out entry `entry` (mid-way through the files), or as it
 * closes its source (every file read, the report not yet answered).
 */
export type GatePoint = { entry: number } | 'close';

/**
 * A dataset source that holds a scan at one point until the test says go, so a cancel (or a
 * refused cancel) lands exactly there, on any machine.
 */
export function sourceGate(at: GatePoint): SourceGate {
  let reach: (signal: AbortSignal | undefined) => void = () => undefined;
  const reached = new Promise<AbortSignal | undefined>((resolve) => (reach = resolve));
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let held = false;
  const holdOnce = async (signal: AbortSignal | undefined) => {
    if (held) return;
    held = true;
    reach(signal);
    await opened;
  };
  return {
    openDatasetSource: async (path) => gated(await openDatasetSource(path), at, holdOnce),
    reached,
    open,
  };
}

function gated(
  source: DatasetSource,
  at: GatePoint,
  hold: (signal: AbortSignal | undefined) => Promise<void>,
): DatasetSource {
  let scanSignal: AbortSignal | undefined;
  return wrapSource(source, {
    close: async () => {
      if (at === 'close') await hold(scanSignal);
      await source.close();
    },
    async *entries(signal?: AbortSignal): AsyncIterable<SourceEntry> {
      scanSignal = signal;
      let handed = 0;
      for await (const entry of source.entries(signal)) {
        if (at !== 'close' && handed++ === at.entry) await hold(signal);
        yield entry;
      }
    },
  });
}

/** Resolves once `signal` aborts (at once if it has). */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) throw new Error('The scan was given no signal, so no cancel can reach it');
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
