import { realpath } from 'node:fs/promises';
import { AppError } from '../../../common/errors.js';

/**
 * The datasets the user opened in this run of the trainer: imported (scanned) or belonging to a
 * project they opened. Edits reach only these, by real path (symlinks resolved), so a request
 * naming any other folder, or a link to one, changes nothing.
 */
export class OpenedDatasets {
  private readonly roots = new Set<string>();

  /** Remembers a dataset; one that is not on disk (a project's moved dataset) is skipped. */
  async add(path: string): Promise<void> {
    const real = await realpath(path).catch(() => undefined);
    if (real) this.roots.add(real);
  }

  /** The dataset's real path, or FORBIDDEN when the user did not open it here. */
  async check(path: string): Promise<string> {
    const real = await realpath(path).catch(() => undefined);
    if (!real) throw new AppError('NOT_FOUND', `No dataset at ${path}`, { path });
    if (!this.roots.has(real))
      throw new AppError(
        'FORBIDDEN',
        `${path} is not a dataset open in Transfer Studio, so it was not changed. Import it, or open its project, first.`,
        { path },
      );
    return real;
  }
}
