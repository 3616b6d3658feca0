import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import { writeHandInBundle } from '../../../services/projects/handIn.js';
import { buildLabReport } from '../../../services/report/labReport.js';
import { UsageError, type CliIo } from '../io.js';

export const HAND_IN_USAGE = `Usage: transfer-studio hand-in <model-dir> --out <bundle.zip> [--project <folder>] [--data <dataset>] [--student <name>] [--overwrite]
       transfer-studio hand-in <model-dir> --report-only --out <report.html> [--student <name>]

Writes what a student hands in: one zip with report.html (the lab report: dataset, settings and
seed, training curves, accuracy per class, confusion matrix, misclassified images; it prints to
PDF from any browser), the trained model, the project file (--project) and, with --data, the
dataset's images. --report-only writes the report alone.`;

export async function handInCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      project: { type: 'string' },
      data: { type: 'string' },
      student: { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
    },
  });
  const modelDir = positionals[0];
  if (!modelDir || positionals.length > 1 || !values.out) throw new UsageError(HAND_IN_USAGE);
  await loadBackend({ env: io.env });
  if (values['report-only']) {
    const html = await buildLabReport(modelDir, values.student ? { student: values.student } : {});
    await writeFile(values.out, html, { flag: values.overwrite ? 'w' : 'wx' });
    io.stdout.write(`Lab report: ${values.out}\n`);
    return 0;
  }
  const result = await writeHandInBundle(modelDir, {
    out: values.out,
    overwrite: values.overwrite,
    ...(values.project ? { project: values.project } : {}),
    ...(values.data ? { data: values.data } : {}),
    ...(values.student ? { student: values.student } : {}),
  });
  io.stdout.write(
    `Hand-in bundle: ${result.path} (${result.files} files, ${(result.bytes / 2 ** 20).toFixed(1)} MiB)\n`,
  );
  return 0;
}
