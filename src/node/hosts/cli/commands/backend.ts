import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import type { CliIo } from '../io.js';

export const BACKEND_USAGE = `Usage: transfer-studio backend [--backend B] [--json]

Shows which tensor backend runs here and why each faster one was skipped.`;

export async function backendCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { backend: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const report = await loadBackend({ flag: values.backend, env: io.env });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const lines = [`Backend: ${report.backend} — ${report.label} (tfjs ${report.tfjsVersion})`];
  if (report.wasm)
    lines.push(
      `  WASM SIMD: ${report.wasm.simd ? 'yes' : 'no'}, threads: ${report.wasm.threads ? 'yes' : 'no'}`,
    );
  for (const attempt of report.attempts) {
    lines.push(
      `  ${attempt.backend}: ${attempt.outcome}${attempt.reason ? ` (${attempt.reason})` : ''} — ${attempt.message}`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
