import { shown } from '../shown.js';
import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import { evaluateModelOnDataset } from '../../../services/training/modelServices.js';
import { isTextModelFolder } from '../../../services/text/textModelFolder.js';
import { UsageError, type CliIo } from '../io.js';
import { evaluateTextCommand } from './textCommands.js';
import { evaluationTable } from './train.js';

export const EVALUATE_USAGE = `Usage: transfer-studio evaluate <model-dir> <dataset> [--json]

Runs a trained model on every image of a dataset (class folders named like the model's classes)
and reports accuracy, top-k accuracy, per-class precision/recall/F1, the confusion matrix and the
misclassified images.`;

export async function evaluateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, backend: { type: 'string' } },
  });
  const [modelDir, dataset] = positionals;
  if (!modelDir || !dataset || positionals.length > 2) throw new UsageError(EVALUATE_USAGE);
  await loadBackend({ flag: values.backend, env: io.env });
  if (await isTextModelFolder(modelDir))
    return evaluateTextCommand(modelDir, dataset, values.json, io);
  const evaluation = await evaluateModelOnDataset(modelDir, dataset);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(evaluation)}\n`);
    return 0;
  }
  io.stdout.write(
    `Accuracy: ${(evaluation.accuracy * 100).toFixed(1)}% on ${evaluation.count} images (top-${evaluation.topK.k}: ${(evaluation.topK.accuracy * 100).toFixed(1)}%)\n`,
  );
  if (evaluation.skippedClasses.length > 0)
    io.stdout.write(
      `Not evaluated (classes the model does not know): ${shown(evaluation.skippedClasses.join(', '))}\n`,
    );
  io.stdout.write(`\n${evaluationTable(evaluation)}`);
  for (const v of evaluation.misclassified.slice(0, 20)) {
    io.stdout.write(
      `  ${shown(v.path)}: ${shown(evaluation.classes[v.actual] ?? '')} → ${shown(evaluation.classes[v.predicted] ?? '')} (${((v.probabilities[v.predicted] ?? 0) * 100).toFixed(0)}%)\n`,
    );
  }
  return 0;
}
