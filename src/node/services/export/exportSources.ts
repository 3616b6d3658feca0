import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { isTextModelFolder } from '../text/textModelFolder.js';
import type { ExportSource } from './exportSource.js';
import { loadImageExportSource } from './imageExport.js';
import { loadTextExportSource, type LentTextEncoder } from './textExport.js';

export type LoadExportSource = (modelDir: string, signal?: AbortSignal) => Promise<ExportSource>;

/**
 * An image or a text model folder, by what its metadata says, ready to export; a text model uses
 * the `lent` encoder when it is the one the model was trained on.
 */
export async function loadExportSource(
  modelDir: string,
  signal?: AbortSignal,
  lent?: LentTextEncoder,
): Promise<ExportSource> {
  return (await isTextModelFolder(modelDir))
    ? loadTextExportSource(modelDir, signal, lent)
    : loadImageExportSource(modelDir, signal);
}

/** A source lent to one export; `release` once that export is done with it. */
export interface SourceLease {
  source: ExportSource;
  release(): void;
}

/** For one export only (the CLI): loaded, used, disposed. */
export async function loadForOneExport(
  modelDir: string,
  signal?: AbortSignal,
  load: LoadExportSource = loadExportSource,
): Promise<SourceLease> {
  const source = await load(modelDir, signal);
  return { source, release: () => source.dispose() };
}

/** How long an unused source stays loaded after its last export. */
const IDLE_RELEASE_MS = 60_000;

interface Entry {
  key: string;
  source: Promise<ExportSource>;
  /** Set once loaded, so a release disposes it at once. */
  loaded?: ExportSource;
  /** Exports waiting for the source or holding it. */
  users: number;
  /** Stops the load; it belongs to no one caller, so it fires only when every waiter has gone. */
  loading: AbortController;
}

/**
 * The app exports the formats of one model one request at a time (a named step each). Loading the
 * model, reading its probe inputs and computing the app's answers for them is the same work for
 * every format, so the last model's source stays loaded between those requests: it is released
 * when another model (or the same folder written again) is exported, or a minute after its last
 * export.
 */
export class ExportSources {
  private entry: Entry | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly load: LoadExportSource = loadExportSource,
    private readonly idleReleaseMs = IDLE_RELEASE_MS,
    /** Told each time an export starts waiting for or holding a source (a test cancels here). */
    private readonly onJoin?: (users: number) => void,
  ) {}

  /**
   * Lends the model's source, loading it unless it is loaded or loading already. A caller whose
   * signal aborts stops waiting on its own; the shared load is stopped only once no caller waits.
   */
  async acquire(modelDir: string, signal?: AbortSignal): Promise<SourceLease> {
    const key = await folderKey(modelDir);
    throwIfAborted(signal);
    if (this.entry?.key !== key) this.replace(this.startLoading(key, modelDir));
    const entry = this.entry as Entry;
    entry.users++;
    if (this.idle) clearTimeout(this.idle);
    this.onJoin?.(entry.users);
    let source: ExportSource;
    try {
      source = await untilLoadedOrAborted(entry.source, signal);
    } catch (error) {
      this.leave(entry);
      throw error;
    }
    let released = false;
    return {
      source,
      release: () => {
        if (released) return;
        released = true;
        this.leave(entry);
      },
    };
  }

  /** One export done with (or no longer waiting for) the entry; the last one decides its fate. */
  private leave(entry: Entry): void {
    entry.users--;
    if (entry.users > 0) return;
    if (!entry.loaded) this.abandon(entry);
    else if (this.entry !== entry) void disposeEntry(entry);
    else this.releaseWhenIdle(entry);
  }

  /** Releases the loaded source now, unless an export is using it (then after that export). */
  close(): void {
    const entry = this.entry;
    this.entry = undefined;
    if (this.idle) clearTimeout(this.idle);
    if (entry && entry.users === 0) void disposeEntry(entry);
  }

  private startLoading(key: string, modelDir: string): Entry {
    const loading = new AbortController();
    return { key, source: this.load(modelDir, loading.signal), users: 0, loading };
  }

  /** A load no export waits for any more: stopped, and forgotten so the next export starts anew. */
  private abandon(entry: Entry): void {
    if (this.entry === entry) this.entry = undefined;
    entry.loading.abort();
    void disposeEntry(entry);
  }

  private replace(entry: Entry): void {
    this.close();
    this.entry = entry;
    void entry.source.then(
      (source) => (entry.loaded = source),
      () => undefined,
    );
    // A failed load is reported to its caller; here it only must not stay cached.
    entry.source.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
  }

  private releaseWhenIdle(entry: Entry): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.entry === entry && entry.users === 0) this.close();
    }, this.idleReleaseMs);
    this.idle.unref?.();
  }
}

/** The load's outcome, or CANCELLED as soon as this caller's own signal aborts. */
function untilLoadedOrAborted(
  source: Promise<ExportSource>,
  signal: AbortSignal | undefined,
): Promise<ExportSource> {
  if (!signal) return source;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AppError('CANCELLED', 'The export was cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    source.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function disposeEntry(entry: Entry): Promise<void> {
  if (entry.loaded) entry.loaded.dispose();
  else (await entry.source.catch(() => undefined))?.dispose();
}

/** A model folder trained again in place is another model: its files are new (inode, time). */
async function folderKey(modelDir: string): Promise<string> {
  const times = await Promise.all(
    ['metadata.json', 'model.json'].map((name) =>
      stat(join(modelDir, name)).then(
        (info) => `${info.ino}:${info.mtimeMs}`,
        () => 'absent',
      ),
    ),
  );
  return [modelDir, ...times].join('\0');
}
