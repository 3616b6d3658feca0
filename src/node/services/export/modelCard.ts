import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import { inputSection, onnxWebLoadingSection, tfjsLoadingSection } from './inputSection.js';
import type { Parity } from './parity.js';
import { headText, REFIT_NOTE } from '../report/renderLabReport.js';

export type ExportFormat = 'tfjs' | 'onnx' | 'keras';

const FORMAT_NAMES: Record<ExportFormat, string> = { tfjs: 'TF.js', onnx: 'ONNX', keras: 'Keras' };

/** README.md written next to an export: what the model is, how good, and how to load it. */
export function modelCard(
  metadata: TrainedModelMetadata,
  format: ExportFormat,
  parity: Parity,
): string {
  const { classes, preprocessing, base, settings, validation, counts } = metadata;
  const lines = [
    `# Image classifier: ${classes.join(', ')}`,
    '',
    `Trained with Transfer Studio ${metadata.appVersion} on ${metadata.createdAt.slice(0, 10)}: a new head on the pretrained base **${base.name}**${base.architecture ? ` (\`${base.architecture}\`)` : ''}.`,
    '',
    ...dataSection(classes, counts, metadata.refit),
    '## Settings',
    '',
    `- Head: ${headText(settings.head)}`,
    `- Phase 1: ${settings.phase1.epochs} epochs max, ${settings.phase1.optimizer} at ${settings.phase1.learningRate}, batch ${settings.phase1.batchSize}`,
    settings.phase2.epochs > 0
      ? `- Phase 2 (fine-tuning from ${settings.unfreezeFrom === 'top' ? 'the top' : `block ${settings.unfreezeFrom}`}): ${settings.phase2.epochs} epochs at ${settings.phase2.learningRate}`
      : '- No fine-tuning',
    `- Kept epoch ${metadata.bestEpoch} of ${metadata.history.length}; seed ${settings.seed}; backend ${metadata.backend}`,
    ...(metadata.refit
      ? [
          `- Refit: the exported model was trained again on all ${metadata.refit.images} training and validation images for ${metadata.refit.epochs} epochs`,
        ]
      : []),
    '',
    '## Accuracy on the validation images',
    '',
    validation
      ? `Accuracy: **${(validation.accuracy * 100).toFixed(1)}%** on ${validation.count} images.`
      : 'No validation images were held out.',
    '',
    ...(validation && metadata.refit ? [REFIT_NOTE, ''] : []),
    ...(validation?.perClass
      ? [
          '| class | precision | recall | F1 | images |',
          '|---|---|---|---|---|',
          ...validation.perClass.map(
            (m) =>
              `| ${m.name} | ${m.precision.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.f1.toFixed(3)} | ${m.support} |`,
          ),
          '',
        ]
      : []),
    ...(validation?.confusion
      ? [
          'Confusion matrix (rows: actual, columns: predicted):',
          '',
          `| | ${classes.join(' | ')} |`,
          `|---|${classes.map(() => '---').join('|')}|`,
          ...validation.confusion.map(
            (row, i) => `| **${classes[i] ?? ''}** | ${row.join(' | ')} |`,
          ),
          '',
        ]
      : []),
    '## Checked after export',
    '',
    `This ${FORMAT_NAMES[format]} file was loaded back and run on ${parity.count} ${parity.inputs}: top-1 agreement with the app ${(parity.agreement * 100).toFixed(2)}%, largest probability difference ${parity.maxAbsDifference.toExponential(2)}.`,
    '',
    ...inputSection(preprocessing),
    '## Loading it',
    '',
    ...(format === 'tfjs'
      ? tfjsLoadingSection(preprocessing)
      : format === 'onnx'
        ? onnxUsage(preprocessing)
        : kerasUsage()),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The images per class. A refit model trained on the validation images too, so its table says
 * so in its own column, and the line above it gives the total the exported model trained on:
 * the split alone would understate it by the validation share.
 */
function dataSection(
  classes: readonly string[],
  counts: TrainedModelMetadata['counts'],
  refit: TrainedModelMetadata['refit'],
): string[] {
  const count = (part: Record<string, number> | undefined, c: string) => part?.[c] ?? '?';
  if (!refit)
    return [
      '## Data',
      '',
      '| class | training images | validation images |',
      '|---|---|---|',
      ...classes.map(
        (c) => `| ${c} | ${count(counts?.train, c)} | ${count(counts?.validation, c)} |`,
      ),
      '',
    ];
  const both = (c: string) => (counts ? (counts.train[c] ?? 0) + (counts.validation[c] ?? 0) : '?');
  return [
    '## Data',
    '',
    `The exported model was refit on all ${refit.images} images, the training and validation images together, after validation chose its epochs.`,
    '',
    '| class | training images | validation images | trained on in the refit |',
    '|---|---|---|---|',
    ...classes.map(
      (c) => `| ${c} | ${count(counts?.train, c)} | ${count(counts?.validation, c)} | ${both(c)} |`,
    ),
    '',
  ];
}

function onnxUsage(preprocessing: Preprocessing): string[] {
  return [
    ...onnxWebLoadingSection(preprocessing),
    '',
    'Python (onnxruntime):',
    '',
    '```python',
    'import onnxruntime as ort',
    "session = ort.InferenceSession('model.onnx')",
    "probabilities = session.run(['output'], {'input': images})[0]  # images: float32 [n, h, w, 3]",
    '```',
  ];
}

function kerasUsage(): string[] {
  return [
    'Python (Keras 3, any backend):',
    '',
    '```python',
    'import keras',
    "model = keras.saving.load_model('model.keras')",
    'probabilities = model.predict(images)  # images: float32 [n, h, w, 3], scaled as above',
    '```',
    '',
    'To check this file in your Keras: `python3 verify-keras.py .` (the script is in the',
    "Transfer Studio repository's `scripts/` folder) runs `verify-inputs.npy` through it and",
    "compares the result with `verify-expected.npy`, the app's own probabilities.",
  ];
}
