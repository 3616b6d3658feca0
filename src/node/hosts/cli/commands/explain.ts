import { shown } from '../shown.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import { explainImageFiles } from '../../../services/explain/explainFiles.js';
import { UsageError, type CliIo } from '../io.js';

export const EXPLAIN_USAGE = `Usage: transfer-studio explain <model-dir> <image>... [--class NAME] [--out DIR] [--json]

Shows where a trained model looked (Grad-CAM): for each image, a heatmap of the places that raised
the score of the predicted class (or of --class NAME), laid over the image as <name>.explain.png in
DIR (default ./explained; an existing file is never overwritten).

  --class NAME       explain this class instead of the predicted one
  --out DIR          folder for the overlay PNGs (created if missing)
  --engine E         where the base runs: auto (default), onnxruntime or tfjs
  --json             one JSON object a line: {path, prediction, probability, class, heatmap, overlay},
                     heatmap a grid over the whole image, rows top to bottom, values in [0, 1]`;

export async function explainCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      class: { type: 'string' },
      out: { type: 'string' },
      engine: { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const [modelDir, ...images] = positionals;
  if (!modelDir || images.length === 0) throw new UsageError(EXPLAIN_USAGE);
  const engine = values.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'onnxruntime' && engine !== 'tfjs')
    throw new UsageError(`--engine must be auto, onnxruntime or tfjs\n\n${EXPLAIN_USAGE}`);
  await loadBackend({ flag: values.backend, env: io.env });
  await explainImageFiles(modelDir, images, {
    className: values.class,
    outDir: resolve(values.out ?? 'explained'),
    engine,
    onResult: (result) => {
      if (values.json) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const explained =
        result.class === result.prediction ? '' : `; shown for ${shown(result.class)}`;
      io.stdout.write(
        `${shown(result.path)}: ${shown(result.prediction)} ${(result.probability * 100).toFixed(1)}%${explained} → ${shown(result.overlay ?? '')}\n`,
      );
    },
  });
  return 0;
}
