import { parseArgs } from 'node:util';
import { evaluatePredictions } from '../../../common/evaluation.js';
import { loadBackend } from '../../backend/loadBackend.js';
import { scanSource } from '../../dataset/scanner.js';
import { openDatasetSource } from '../../dataset/openSource.js';
import { loadTrainedModel } from '../../training/loadTrainedModel.js';
import { predictProbabilities } from '../../training/predictImages.js';
import { UsageError, type CliIo } from '../io.js';
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
  const { model, metadata } = await loadTrainedModel(modelDir);
  const source = await openDatasetSource(dataset);
  try {
    const report = await scanSource(source);
    const known = report.images.filter((i) => metadata.classes.includes(i.className));
    const unknown = [
      ...new Set(
        report.images
          .filter((i) => !metadata.classes.includes(i.className))
          .map((i) => i.className),
      ),
    ];
    const { probabilities } = await predictProbabilities(
      model,
      metadata.preprocessing,
      known.map((i) => ({ sha256: i.sha256, read: () => source.read(i.path) })),
    );
    const evaluation = evaluatePredictions(
      probabilities,
      known.map((i) => metadata.classes.indexOf(i.className)),
      metadata.classes,
    );
    const withPaths = {
      ...evaluation,
      misclassified: evaluation.misclassified.map((v) => ({ ...v, path: known[v.index]?.path })),
      highestLoss: evaluation.highestLoss.map((v) => ({ ...v, path: known[v.index]?.path })),
      skippedClasses: unknown,
    };
    if (values.json) io.stdout.write(`${JSON.stringify(withPaths)}\n`);
    else {
      io.stdout.write(
        `Accuracy: ${(evaluation.accuracy * 100).toFixed(1)}% on ${evaluation.count} images (top-${evaluation.topK.k}: ${(evaluation.topK.accuracy * 100).toFixed(1)}%)\n`,
      );
      if (unknown.length > 0)
        io.stdout.write(`Not evaluated (classes the model does not know): ${unknown.join(', ')}\n`);
      io.stdout.write(`\n${evaluationTable(evaluation)}`);
      for (const v of withPaths.misclassified.slice(0, 20)) {
        io.stdout.write(
          `  ${v.path}: ${metadata.classes[v.actual]} → ${metadata.classes[v.predicted]} (${((v.probabilities[v.predicted] ?? 0) * 100).toFixed(0)}%)\n`,
        );
      }
    }
    return 0;
  } finally {
    await source.close();
    model.dispose();
  }
}
