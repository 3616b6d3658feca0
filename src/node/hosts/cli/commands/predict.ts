import { shown } from '../shown.js';
import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import {
  predictImageFiles,
  type ImagePrediction,
} from '../../../services/training/modelServices.js';
import { isTextModelFolder } from '../../../services/text/textModelFolder.js';
import { UsageError, type CliIo } from '../io.js';
import { explainTextCommand } from './explainTextCommand.js';
import { predictTextCommand } from './textCommands.js';

export const PREDICT_USAGE = `Usage: transfer-studio predict <model-dir> <image>... [--top N] [--json]
       transfer-studio predict <text-model-dir> [--text "…"]... [file.txt]... [--top N] [--json]
                                [--explain]

Classifies image files with a trained model, using the preprocessing it was trained with; a
text model classifies each --text (repeatable) and each text file; with --explain it also lists
the N words that moved its prediction most (each word taken out in turn, the first 64 words).
--top N: how many classes (or words) to list, a whole number from 1 (default 3).

An image that cannot be read or decoded gets its own line saying why (on stderr too, and as
"error" in --json); the other images are still classified.
Exit code: 0 every file classified, 1 some file failed (or the model did), 2 usage error.`;

const DEFAULT_TOP = 3;

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
  const top = parseTop(values.top);
  refuseEmptyTexts(texts);
  await loadBackend({ flag: values.backend, env: io.env });
  // --explain answers for text models, and says plainly what else the folder is.
  if (values.explain)
    return explainTextCommand(modelDir, texts, images, { json: values.json, top }, io);
  if (await isTextModelFolder(modelDir)) {
    return predictTextCommand(modelDir, texts, images, { json: values.json, top }, io);
  }
  if (images.length === 0 || texts.length > 0)
    throw new UsageError(`--text needs a text model; ${modelDir} classifies images`);
  const results = await predictImageFiles(modelDir, images);
  if (values.json) io.stdout.write(`${JSON.stringify(results.map((r) => jsonOf(r, top)))}\n`);
  else for (const result of results) io.stdout.write(`${lineOf(result, top)}\n`);
  // Errors go to stderr as well, so a script piping stdout still sees which files failed.
  const failed = results.filter((r) => r.error);
  for (const result of failed) io.stderr.write(`error: ${shown(result.error?.message ?? '')}\n`);
  return failed.length > 0 ? 1 : 0;
}

/**
 * `--top`: a whole number of classes from 1. More than the model has is fine (all are listed);
 * 0, negatives, fractions and words would print nothing or a slice nobody asked for.
 */
export function parseTop(flag: string | undefined): number {
  if (flag === undefined) return DEFAULT_TOP;
  const top = Number(flag);
  if (flag.trim() === '' || !Number.isInteger(top) || top < 1)
    throw new UsageError(`--top must be a whole number of classes from 1, not "${flag}"`);
  return top;
}

/** An empty --text would be classified (or explained) as if it said something. */
function refuseEmptyTexts(texts: readonly string[]): void {
  if (texts.some((text) => text.trim() === ''))
    throw new UsageError(
      '--text is empty: give the words to classify, e.g. --text "a cat on a mat"',
    );
}

function jsonOf(result: ImagePrediction, top: number) {
  return result.error
    ? { path: result.path, error: result.error }
    : { path: result.path, prediction: result.prediction, top: result.probabilities.slice(0, top) };
}

function lineOf(result: ImagePrediction, top: number): string {
  if (result.error) return `${shown(result.path)}: error: ${shown(result.error.message)}`;
  const classes = result.probabilities
    .slice(0, top)
    .map((t) => `${shown(t.class)} ${(t.probability * 100).toFixed(1)}%`);
  return `${shown(result.path)}: ${classes.join(', ')}`;
}
