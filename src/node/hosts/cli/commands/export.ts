import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import {
  EXPORT_FORMATS,
  exportFormatsOf,
  exportModel,
} from '../../../services/export/exportModel.js';
import type { ExportFormat } from '../../../services/export/modelCard.js';
import { UsageError, type CliIo } from '../io.js';
import { shown } from '../shown.js';

export const EXPORT_USAGE = `Usage: transfer-studio export <model-dir> --format tfjs|onnx|keras|all --out <path> [--overwrite] [--json]

Writes a trained model in formats other tools load, each with labels.txt, a model card (README.md)
and transfer-studio.json. An image model:
  tfjs  TF.js layers model (model.json + shards) with Teachable Machine's metadata.json
  onnx  model.onnx (opset 13, NHWC input "input", probabilities "output")
  keras model.keras (Keras 3: keras.saving.load_model) and verify-*.npy for scripts/verify-keras.py
A text model (all = tfjs and onnx; keras is refused):
  tfjs  a folder that classifies raw text in a web page: the sentence encoder (encoder/), its
        vocabulary, the head (head/), classifier.json, textClassifier.js (the loader, with its
        tokenizer) and example.html
  onnx  the head alone: model.onnx, input "input" float32 [n, 512] (the encoder's embedding)
Every export is loaded back from disk (tfjs / onnxruntime / our Keras reader / the exported
textClassifier.js) and must give the app's predictions on the model's validation images or texts
(≥ 99.9% top-1 agreement, probabilities within 1e-4) before it is put in place. An existing
folder is refused before any work, and only replaced with --overwrite.`;

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const modelDir = positionals[0];
  if (!modelDir || positionals.length > 1 || !values.format || !values.out)
    throw new UsageError(EXPORT_USAGE);
  const formats = await formatsOf(values.format, modelDir);
  await loadBackend({ env: io.env });
  const results = await exportModel(modelDir, {
    formats,
    out: values.out,
    overwrite: values.overwrite,
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ results })}\n`);
    return 0;
  }
  for (const r of results) {
    const p = r.parity;
    io.stdout.write(
      `${r.format}: ${shown(r.path)}\n  parity on ${p.count} ${p.inputs}: ${(p.agreement * 100).toFixed(2)}% top-1 agreement, largest probability difference ${p.maxAbsDifference.toExponential(2)}\n`,
    );
  }
  return 0;
}

/** `all` is every format the model has (a text model has no Keras export). */
async function formatsOf(value: string, modelDir: string): Promise<ExportFormat[]> {
  if (value === 'all') return [...(await exportFormatsOf(modelDir))];
  if (!(EXPORT_FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')} or all`);
  return [value as ExportFormat];
}
