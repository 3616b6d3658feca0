import { readFile } from 'node:fs/promises';
import { AppError } from '../../../../common/errors.js';
import { strongestWords, type TextAttribution } from '../../../../engine/explain/textOcclusion.js';
import { decodeText } from '../../../services/dataset/textDecode.js';
import { assertTextModel, explainText } from '../../../services/text/explainText.js';
import { TextSession } from '../../../services/text/textSession.js';
import { UsageError, type CliIo } from '../io.js';
import { shown } from '../shown.js';

/**
 * `predict <text-model> --text "…" --explain`: each text's prediction and the words that moved
 * it most (word occlusion, as the app's "where it looked"), `top` words per text.
 */
export async function explainTextCommand(
  modelDir: string,
  texts: readonly string[],
  files: readonly string[],
  options: { json: boolean; top: number },
  io: CliIo,
): Promise<number> {
  await assertTextModel(modelDir);
  const inputs = [
    ...texts.map((text) => ({ label: JSON.stringify(text.slice(0, 60)), text })),
    ...(await Promise.all(
      files.map(async (path) => ({ label: shown(path), text: await readTextFile(path) })),
    )),
  ];
  if (inputs.length === 0) throw new UsageError('Give --text "…" or text files to explain');
  const session = new TextSession(io.env);
  const predict = session.predict.bind(session);
  const results: (TextAttribution & { label: string })[] = [];
  for (const input of inputs) {
    results.push({ label: input.label, ...(await explainText(predict, { modelDir, ...input })) });
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(results.map(({ label: _label, ...result }) => result))}\n`);
    return 0;
  }
  for (const result of results) io.stdout.write(explanationLines(result, options.top));
  return 0;
}

function explanationLines(result: TextAttribution & { label: string }, top: number): string {
  const percent = (p: number) => `${(p * 100).toFixed(1)}%`;
  const words = strongestWords(result.words, top)
    .map((w) => `${shown(w.text)} +${(w.score * 100).toFixed(1)}`)
    .join(', ');
  const lines = [
    `${result.label}: ${shown(result.prediction)} ${percent(result.probability)}`,
    words
      ? `  most important words (points of ${shown(result.class)} lost without them): ${words}`
      : '  no single word raised its probability',
  ];
  if (result.capped) {
    lines.push(
      `  only the first ${result.words.length} of ${result.totalWords} words were weighed`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function readTextFile(path: string): Promise<string> {
  const decoded = decodeText(await readFile(path));
  if (!decoded.ok)
    throw new AppError('INVALID_ARGUMENT', `Cannot explain ${path}: ${decoded.reason}`);
  return decoded.text;
}
