import { shown } from '../shown.js';
import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import { predictImageFiles } from '../../../services/training/modelServices.js';
import { UsageError, type CliIo } from '../io.js';

export const PREDICT_USAGE = `Usage: transfer-studio predict <model-dir> <image>... [--top N] [--json]

Classifies image files with a trained model, using the preprocessing it was trained with.`;

export async function predictCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      top: { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const [modelDir, ...images] = positionals;
  if (!modelDir || images.length === 0) throw new UsageError(PREDICT_USAGE);
  await loadBackend({ flag: values.backend, env: io.env });
  const top = Number(values.top ?? 3);
  const predictions = (await predictImageFiles(modelDir, images)).map((p) => ({
    path: p.path,
    prediction: p.prediction,
    top: p.probabilities.slice(0, top),
  }));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(predictions)}\n`);
    return 0;
  }
  for (const p of predictions)
    io.stdout.write(
      `${shown(p.path)}: ${p.top.map((t) => `${shown(t.class)} ${(t.probability * 100).toFixed(1)}%`).join(', ')}\n`,
    );
  return 0;
}
