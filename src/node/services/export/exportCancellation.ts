import { rmdir } from 'node:fs/promises';
import { markCommitted } from '../../../common/contract/rpc.js';
import type { FileOps } from '../../adapters/files/fileOps.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';

/**
 * How an export honours its request's signal. Until a format replaces an earlier export, a
 * cancel stops it between steps and the folders it put in place are taken away again: the caller
 * gets CANCELLED and finds nothing of it. Replacing cannot be undone (the earlier export went to
 * the trash), so from then on the export is committed: it finishes and answers with its result,
 * since CANCELLED would hide a change that happened.
 */
export class ExportCancellation {
  /** Format folders this export's swaps put where nothing was: only these are removed whole. */
  private readonly placedFolders: string[] = [];
  /** Parent folders that were missing at the start: removed only if they are empty again. */
  private readonly parents: string[] = [];
  private committed = false;

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly ops: FileOps,
  ) {}

  /** Throws CANCELLED when the caller went away, unless the export is committed. */
  check(): void {
    if (!this.committed) throwIfAborted(this.signal);
  }

  /** Whether a folder is there now (a format folder that was there is replaced, not created). */
  async existed(path: string): Promise<boolean> {
    return await this.ops.exists(path);
  }

  /**
   * The folder that will hold the format folders. One that is missing now may be created by
   * someone else meanwhile, so `undo` removes it only when it is empty, never what is inside.
   */
  async noteParent(path: string): Promise<void> {
    if (!(await this.ops.exists(path))) this.parents.push(path);
  }

  /** The last check before a format is put in place; replacing a folder commits the export. */
  beforeSwap(replacing: boolean): void {
    this.check();
    if (!replacing) return;
    this.committed = true;
    if (this.signal) markCommitted(this.signal);
  }

  /** A format folder the atomic swap just put in place where there was none: `undo` removes it. */
  placed(path: string): void {
    this.placedFolders.push(path);
  }

  /**
   * After a cancel: removes the format folders this export put in place, then the parent folders
   * it may have created if nothing else is in them. Does nothing once the export is committed.
   */
  async undo(): Promise<void> {
    if (this.committed) return;
    for (const path of this.placedFolders) await this.ops.rm(path).catch(() => undefined);
    // Not recursive: a folder someone else created and filled meanwhile stays with its files.
    for (const path of this.parents) await rmdir(path).catch(() => undefined);
  }
}
