import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadBackend } from '../../backend/loadBackend.js';
import { loadTrainedModel } from '../../training/loadTrainedModel.js';
import { predictProbabilities } from '../../training/predictImages.js';
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
  const { model, metadata } = await loadTrainedModel(modelDir);
  try {
    const contents = await Promise.all(images.map((path) => readFile(path)));
    const items = contents.map((data) => ({
      sha256: createHash('sha256').update(data).digest('hex'),
      read: async () => data,
    }));
    const { probabilities } = await predictProbabilities(model, metadata.preprocessing, items);
    const classCount = metadata.classes.length;
    const top = Math.min(Number(values.top ?? 3), classCount);
    const predictions = images.map((path, i) => {
      const row = Array.from(probabilities.subarray(i * classCount, (i + 1) * classCount));
      const ranked = row
        .map((p, c) => ({ class: metadata.classes[c] ?? '', probability: p }))
        .sort((a, b) => b.probability - a.probability);
      return { path, prediction: ranked[0]?.class, top: ranked.slice(0, top) };
    });
    if (values.json) io.stdout.write(`${JSON.stringify(predictions)}\n`);
    else {
      for (const p of predictions) {
        io.stdout.write(
          `${p.path}: ${p.top.map((t) => `${t.class} ${(t.probability * 100).toFixed(1)}%`).join(', ')}\n`,
        );
      }
    }
    return 0;
  } finally {
    model.dispose();
  }
}
