import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { packageRoot } from '../adapters/platform/packageRoot.js';

/**
 * Kill tests that prove what they claim on any machine: the child reports each finished step
 * and, where asked, waits for the parent's go, so the parent kills at points it chose, not at
 * points a fast machine happens to reach. Kills "during" a step are spread over step durations
 * the harness measured on this machine, so they land before, inside and after the step.
 */

/**
 * Child-side code to put before a child script: `report(line)` prints one line to the parent;
 * `pause()` blocks the whole child (a synchronous read of stdin) until the parent says go.
 */
export const CHILD_PRELUDE = `
import { readSync as __readSync } from 'node:fs';
const report = (line) => process.stdout.write(line + '\\n');
const pause = () => {
  const byte = Buffer.alloc(1);
  for (;;) {
    try {
      if (__readSync(0, byte, 0, 1, null) === 0) process.exit(0);
      return;
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
};
`;

/** The file URL of a built module under dist/, for a child script to import. */
export function distModule(...segments: string[]): string {
  return pathToFileURL(join(packageRoot(), 'dist', ...segments)).href;
}

export class SteppedChild {
  private readonly lines: string[] = [];
  private readonly waiters: ((line: string) => void)[] = [];
  private buffered = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.take(chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.once('exit', (code, signal) => {
      const failure = `child exited (${code ?? signal}) before reporting`;
      for (const waiter of this.waiters.splice(0)) waiter(`!${failure}`);
    });
  }

  /** Runs `script` (an ES module body; CHILD_PRELUDE is prepended) in a new Node process. */
  static start(script: string, env: NodeJS.ProcessEnv = process.env): SteppedChild {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_PRELUDE + script], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env,
    });
    return new SteppedChild(child);
  }

  /** The next line the child reports. */
  async next(): Promise<string> {
    const line =
      this.lines.shift() ?? (await new Promise<string>((resolve) => this.waiters.push(resolve)));
    if (line.startsWith('!')) throw new Error(line.slice(1));
    return line;
  }

  /** Waits for the next report that starts with `prefix`, skipping others. */
  async until(prefix: string): Promise<string> {
    for (;;) {
      const line = await this.next();
      if (line.startsWith(prefix)) return line;
    }
  }

  /** Lets a paused child go on. */
  proceed(): void {
    this.child.stdin?.write('\n');
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private take(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      const waiter = this.waiters.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    }
  }
}

/** Milliseconds to wait before a kill meant to land before, inside or just after a step. */
export function killDelay(random: () => number, measuredStepMs: readonly number[]): number {
  const sorted = [...measuredStepMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 1;
  return random() * median * 1.5;
}
