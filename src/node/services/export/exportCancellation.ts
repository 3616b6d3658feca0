import { markCommitted } from '../../../common/contract/rpc.js';
import type { FileOps } from '../../adapters/files/fileOps.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';

/**
 * How an export honours its request's signal. Until a format replaces an earlier export, a
 * cancel stops it between steps and the folders it created are taken away again: the caller
 * gets CANCELLED and finds nothing of it. Replacing cannot be undone (the earlier export went to
 * the trash), so from then on the export is committed: it finishes and answers with its result,
 * since CANCELLED would hide a change that happened.
 */
export class ExportCancellation {
  private readonly fresh: string[] = [];
  private committed = false;

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly ops: FileOps,
  ) {}

  /** Throws CANCELLED when the caller went away, unless the export is committed. */
  check(): void {
    if (!this.committed) throwIfAborted(this.signal);
  }

  /** A folder the export is about to write; one that did not exist is removed by `undo`. */
  async note(path: string): Promise<{ existed: boolean }> {
    const existed = await this.ops.exists(path);
    if (!existed) this.fresh.push(path);
    return { existed };
  }

  /** The last check before a format is put in place; replacing a folder commits the export. */
  beforeSwap(replacing: boolean): void {
    this.check();
    if (!replacing) return;
    this.committed = true;
    if (this.signal) markCommitted(this.signal);
  }

  /** After a cancel: removes the folders this export created (nobody else knew them yet). */
  async undo(): Promise<void> {
    for (const path of this.fresh) await this.ops.rm(path).catch(() => undefined);
  }
}
