import type { CliIo } from './io.js';

/** A CliIo that records what a command printed. */
export function memoryIo(options: { tty?: boolean; env?: Record<string, string> } = {}): CliIo & {
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: options.tty ?? false, columns: 80 },
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}
