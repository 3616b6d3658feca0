import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import {
  classifyImageFiles,
  findImageClassifier,
  loadImageClassifier,
} from '../../../services/models/imagenetClassifier.js';
import { packStoreDirs } from '../../../services/models/packStore.js';
import { UsageError, type CliIo } from '../io.js';

export const IMAGENET_USAGE = `Usage: transfer-studio imagenet <image>... [--top N] [--model <pack>] [--backend B] [--json]

What the pretrained network sees: the ImageNet classes (of 1000) the bundled MobileNet V1 0.75
gives each image, before any transfer learning. Its classifier knows "dock", "alp" or "tabby
cat", not your classes: transfer learning keeps what it learned to see and trains a new head.
  --top N      how many labels per image (default 5)
  --model      another pack that carries its classifier (model.json + labels.txt + manifest.json)`;

export async function imagenetCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      top: { type: 'string' },
      model: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const top = Number(values.top ?? 5);
  if (positionals.length === 0 || !Number.isInteger(top) || top < 1)
    throw new UsageError(IMAGENET_USAGE);
  await loadBackend({ flag: values.backend, env: io.env });
  const path = values.model ?? (await findImageClassifier(packStoreDirs(io.env)));
  if (!path) throw new UsageError('No pack with an ImageNet classifier is installed or bundled.');
  const classifier = await loadImageClassifier(path);
  try {
    const guesses = await classifyImageFiles(classifier, positionals, top);
    const results = positionals.map((image, i) => ({ path: image, top: guesses[i] ?? [] }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ model: classifier.name, results })}\n`);
      return 0;
    }
    io.stdout.write(`${classifier.name} sees:\n`);
    for (const result of results)
      io.stdout.write(
        `${result.path}: ${result.top.map((g) => `${g.label} ${(g.probability * 100).toFixed(1)}%`).join(' | ')}\n`,
      );
    return 0;
  } finally {
    classifier.model.dispose();
  }
}
