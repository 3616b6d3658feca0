import { shown } from '../shown.js';
import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import { predictImageFiles } from '../../../services/training/modelServices.js';
import { isTextModelFolder } from '../../../services/text/textModelFolder.js';
import { UsageError, type CliIo } from '../io.js';
import { explainTextCommand } from './explainTextCommand.js';
import { predictTextCommand } from './textCommands.js';

export const PREDICT_USAGE = `Usage: transfer-studio predict <model-dir> <image>... [--top N] [--json]
       transfer-studio predict <text-model-dir> [--text "…"]... [file.txt]... [--top N] [--json]
                                [--explain]

Classifies image files with a trained model, using the preprocessing it was trained with; a
text model classifies each --text (repeatable) and each text file; with --explain it also lists
the N words that moved its prediction most (each word taken out in turn, the first 64 words).`;

export async function predictCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      top: { type: 'string' },
      backend: { type: 'string' },
      text: { type: 'string', multiple: true },
      explain: { type: 'boolean', default: false },
    },
  });
  const [modelDir, ...images] = positionals;
  const texts = values.text ?? [];
  if (!modelDir || (images.length === 0 && texts.length === 0)) throw new UsageError(PREDICT_USAGE);
  await loadBackend({ flag: values.backend, env: io.env });
  const top = Number(values.top ?? 3);
  // --explain answers for text models, and says plainly what else the folder is.
  if (values.explain)
    return explainTextCommand(modelDir, texts, images, { json: values.json, top }, io);
  if (await isTextModelFolder(modelDir)) {
    return predictTextCommand(modelDir, texts, images, { json: values.json, top }, io);
  }
  if (images.length === 0 || texts.length > 0)
    throw new UsageError(`--text needs a text model; ${modelDir} classifies images`);
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
