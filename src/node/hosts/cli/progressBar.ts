import type { CliIo } from './io.js';
import { shown } from './shown.js';

/**
 * A one-line progress bar on stderr, redrawn at most every `intervalMs`; silent when stderr is not
 * a terminal, so piped and --json output stay clean.
 */
export class ProgressBar {
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.io.stderr.isTTY === true;
  }

  update(done: number, total: number | undefined, detail = ''): void {
    if (!this.enabled) return;
    const time = this.now();
    if (time - this.lastDraw < this.intervalMs) return;
    this.lastDraw = time;
    this.drawn = true;
    this.io.stderr.write(
      `\r\x1b[2K${renderProgress(this.label, done, total, shown(detail), this.io.stderr.columns ?? 80)}`,
    );
  }

  finish(): void {
    if (this.drawn) this.io.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}

export function renderProgress(
  label: string,
  done: number,
  total: number | undefined,
  detail: string,
  columns: number,
): string {
  const counter = total === undefined ? `${done}` : `${done}/${total}`;
  let bar = '';
  if (total !== undefined && total > 0) {
    const width = 24;
    const filled = Math.round((Math.min(done, total) / total) * width);
    bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] `;
  }
  const line = `${label} ${bar}${counter} ${detail}`;
  return line.length > columns - 1 ? `${line.slice(0, columns - 2)}…` : line;
}
