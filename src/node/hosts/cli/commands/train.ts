import { parseArgs } from 'node:util';
import type { Evaluation } from '../../../../common/evaluation.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  HEAD_PRESETS,
  trainSettingsSchema,
  type HeadConfig,
  type HeadPreset,
  type TrainSettings,
} from '../../../../common/training.js';
import {
  runTraining,
  type JobEvent,
  type TrainResult,
} from '../../../services/training/runTraining.js';
import type { SourceOpener } from '../../../services/dataset/anySource.js';
import type { DatasetSource } from '../../../services/dataset/source.js';
import { epochLine } from '../epochLine.js';
import { UsageError, type CliIo } from '../io.js';
import { ProgressBar } from '../progressBar.js';
import { renderTable } from '../table.js';
import { SCRATCH_USAGE, scratchSummaryLine, trainFromScratch } from './trainScratch.js';
import { trainTextOrImages } from './textCommands.js';
import { refuseExistingOut } from './outFolder.js';

export const TRAIN_USAGE = `Usage: transfer-studio train <dataset> --base <id|pack> --out <model-dir>
       transfer-studio train <dataset> --scratch --out <model-dir> [--epochs N] [--seed N] [--json]
         [--epochs N] [--batch-size N] [--learning-rate X] [--optimizer adam|sgd-momentum]
         [--head default|linear|classic|hidden128] [--augment <views>] [--patience N] [--reduce-lr-patience N] [--class-weights balanced|none]
         [--no-refit] [--mirror] [--label-smoothing X] [--mixup X] [--members N]
         [--validation-split X] [--seed N] [--backend B] [--embed onnxruntime|tfjs] [--cache <dir>] [--json]
         [--fine-tune-epochs N] [--unfreeze-from <block|top>] [--fine-tune-learning-rate X] [--batchnorm train]
         [--resume] [--feature-layer <layer>]

Transfer learning, phase 1: every image goes once through the frozen pretrained base (features
are cached on disk), then a new head is trained on the features. Defaults: ${DEFAULT_TRAIN_SETTINGS.phase1.epochs} epochs of Adam at
${DEFAULT_TRAIN_SETTINGS.phase1.learningRate}, batch ${DEFAULT_TRAIN_SETTINGS.phase1.batchSize}, the "default" head (pooled features → dropout 0.2 → Dense 100 ReLU → dropout
0.2 → softmax; ${DEFAULT_TRAIN_SETTINGS.head.members ?? 1} of them from different seeds, averaged), label smoothing ${DEFAULT_TRAIN_SETTINGS.labelSmoothing}, early stopping after ${DEFAULT_TRAIN_SETTINGS.earlyStoppingPatience} epochs without progress (best epoch
kept), the learning rate halved after ${DEFAULT_TRAIN_SETTINGS.reduceLearningRatePatience} epochs without progress, balanced class weights, 20%
validation, seed ${DEFAULT_TRAIN_SETTINGS.seed}; then the head is refit: trained again from scratch on training and validation
images together for the epochs validation chose (without fine-tuning only). The reported validation
scores are those of the model before the refit, since the saved model has seen those images.
  --no-refit   save the model validation chose instead (its validation images stay held out)
  --mirror     also embed every image mirrored left to right (cached) and train on both; not
               for classes a mirror changes (left and right arrows, letters). Off by default: it
               moved the emoji benchmark by +0.2 to +0.5 points and Fashion-MNIST by -0.2
  --label-smoothing X  put X of each target's probability on the other classes (0: one-hot)
  --mixup X    blend each training row with another, features and targets, by a share drawn
               from Beta(X, X), 0 < X ≤ 1 (0: off; default ${DEFAULT_TRAIN_SETTINGS.mixup ?? 0})
  --members N  train N heads from different seeds and save their average as one head (1: a
               single head; default ${DEFAULT_TRAIN_SETTINGS.head.members ?? 1})
  --base   a model pack folder/zip, a Teachable Machine export, a Keras .h5, a plain TF.js layers
           model (with --feature-layer), or a catalog id whose weights are installed
           ("transfer-studio models fetch <id>") or bundled (mobilenet_v2_0.35_224,
           mobilenet_v1_0.75_224: "transfer-studio models" lists them)
  --feature-layer  for a plain TF.js layers model: the layer whose output is the feature (pooled
                   when it is a feature map); "transfer-studio summary --base <model>" names them
  --augment N  also train on N altered copies of each training image (flip, rotation ≤10°, zoom
               ≤10%, brightness and contrast ±15%), embedded once and cached. Off by default: on
               Fashion-MNIST (1,000 images, MobileNet V2 0.35) 0 views gave 84.1% test accuracy in
               6 s, 2 views 83.7% in 21 s, 4 views 83.7% in 32 s. Try it when new photos will vary
               in framing and light more than the training photos do.
  --fine-tune-epochs  phase 2: train the base from --unfreeze-from (default: top) upwards at
                      --fine-tune-learning-rate (default ${DEFAULT_TRAIN_SETTINGS.phase2.learningRate}); activations below the line are
                      computed once and cached, so an epoch costs only the unfrozen blocks
  --overwrite  replace a folder already at --out, once the new model is complete (without it, an
               existing --out is refused before training starts)
  --resume     continue a run that was stopped (closed laptop, power cut) from its last finished
               epoch: a checkpoint is written beside --out after every epoch
${SCRATCH_USAGE}
  text datasets (class folders of .txt files, or a CSV/TSV/JSON-lines table with a text and a
           label column) need no --base: the Universal Sentence Encoder lite embeds them (cached)
  --json   one JSON event per line, then a final result line`;

/** `openSource` is the app's opener unless a test counts how often the dataset is opened. */
export async function trainCommand(
  args: string[],
  io: CliIo,
  openSource?: SourceOpener,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      out: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      'learning-rate': { type: 'string' },
      optimizer: { type: 'string' },
      head: { type: 'string' },
      augment: { type: 'string' },
      patience: { type: 'string' },
      'reduce-lr-patience': { type: 'string' },
      'class-weights': { type: 'string' },
      'validation-split': { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      embed: { type: 'string' },
      cache: { type: 'string' },
      'fine-tune-epochs': { type: 'string' },
      'unfreeze-from': { type: 'string' },
      'fine-tune-learning-rate': { type: 'string' },
      batchnorm: { type: 'string' },
      resume: { type: 'boolean', default: false },
      overwrite: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'feature-layer': { type: 'string' },
      scratch: { type: 'boolean', default: false },
      'no-refit': { type: 'boolean', default: false },
      mirror: { type: 'boolean', default: false },
      'label-smoothing': { type: 'string' },
      mixup: { type: 'string' },
      members: { type: 'string' },
    },
  });
  const dataset = positionals[0];
  const out = values.out;
  if (!dataset || positionals.length > 1 || !out) throw new UsageError(TRAIN_USAGE);
  const settings = settingsFrom(values);
  await refuseExistingOut(out, dataset, values.overwrite);
  if (values.scratch)
    return trainInterruptibly(io, values.json, (signal, onEvent) =>
      trainFromScratch({
        dataset,
        out,
        overwrite: values.overwrite,
        settings,
        values,
        env: io.env,
        signal,
        onEvent,
        openSource,
      }),
    );
  // The one opening that tells texts from images is the one the training reads.
  const onImages = (source: DatasetSource | undefined) => {
    if (!values.base) throw new UsageError(TRAIN_USAGE);
    const base = values.base;
    const embed = values.embed;
    if (embed !== undefined && embed !== 'onnxruntime' && embed !== 'tfjs')
      throw new UsageError('--embed must be onnxruntime or tfjs');
    return trainInterruptibly(io, values.json, (signal, onEvent) =>
      runTraining({
        dataset,
        source,
        base,
        featureLayer: values['feature-layer'],
        out,
        overwrite: values.overwrite,
        settings,
        backend: values.backend,
        cacheDir: values.cache,
        env: io.env,
        ...(embed ? { embedEngine: embed } : {}),
        resume: values.resume,
        signal,
        onEvent,
      }),
    );
  };
  // A text dataset needs no --base: the sentence encoder is its only base.
  const textJob = {
    dataset,
    out,
    overwrite: values.overwrite,
    base: values.base,
    settings,
    cacheDir: values.cache,
  };
  const textOptions = { backend: values.backend, json: values.json };
  return trainTextOrImages({ ...textJob, ...textOptions }, io, onImages, openSource);
}

/** Runs a training that Ctrl-C cancels, printing its events and then its result. */
async function trainInterruptibly(
  io: CliIo,
  json: boolean,
  train: (signal: AbortSignal, onEvent: Printer['event']) => Promise<TrainResult>,
): Promise<number> {
  const printer = json ? jsonPrinter(io) : humanPrinter(io);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    printer.result(await train(controller.signal, printer.event));
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function settingsFrom(values: Record<string, string | boolean | undefined>): TrainSettings {
  const number = (name: string) => (values[name] === undefined ? undefined : Number(values[name]));
  const head = (values['head'] as string | undefined) ?? 'default';
  if (!(head in HEAD_PRESETS))
    throw new UsageError(`--head must be one of ${Object.keys(HEAD_PRESETS).join(', ')}`);
  const defaults = DEFAULT_TRAIN_SETTINGS;
  const candidate = {
    ...defaults,
    head: withMembers(HEAD_PRESETS[head as HeadPreset], number('members')),
    augmentation: {
      ...defaults.augmentation,
      views: number('augment') ?? defaults.augmentation.views,
      mirror: values['mirror'] === true ? true : defaults.augmentation.mirror,
    },
    phase1: {
      epochs: number('epochs') ?? defaults.phase1.epochs,
      learningRate: number('learning-rate') ?? defaults.phase1.learningRate,
      optimizer: (values['optimizer'] as string | undefined) ?? defaults.phase1.optimizer,
      batchSize: number('batch-size') ?? defaults.phase1.batchSize,
    },
    phase2: {
      ...defaults.phase2,
      epochs: number('fine-tune-epochs') ?? defaults.phase2.epochs,
      learningRate: number('fine-tune-learning-rate') ?? defaults.phase2.learningRate,
      batchSize: number('batch-size') ?? defaults.phase2.batchSize,
    },
    unfreezeFrom:
      unfreezeFrom(values['unfreeze-from'] as string | undefined) ?? defaults.unfreezeFrom,
    batchNorm: (values['batchnorm'] as string | undefined) ?? defaults.batchNorm,
    earlyStoppingPatience: number('patience') ?? defaults.earlyStoppingPatience,
    reduceLearningRatePatience: number('reduce-lr-patience') ?? defaults.reduceLearningRatePatience,
    classWeights: (values['class-weights'] as string | undefined) ?? defaults.classWeights,
    validationSplit: number('validation-split') ?? defaults.validationSplit,
    labelSmoothing: number('label-smoothing') ?? defaults.labelSmoothing,
    mixup: number('mixup') ?? defaults.mixup,
    refit: values['no-refit'] === true ? false : defaults.refit,
    seed: number('seed') ?? defaults.seed,
  };
  const parsed = trainSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`Invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

/** The preset head, as an ensemble of `members` heads when --members says so. */
function withMembers(preset: HeadConfig, members: number | undefined): HeadConfig {
  return members === undefined ? preset : { ...preset, members };
}

function unfreezeFrom(value: string | undefined): number | 'top' | undefined {
  if (value === undefined || value === 'top') return value;
  if (!/^\d+$/.test(value)) throw new UsageError('--unfreeze-from must be a block number or "top"');
  return Number(value);
}

interface Printer {
  event: (event: JobEvent) => void;
  result: (result: TrainResult) => void;
}

function jsonPrinter(io: CliIo): Printer {
  return {
    event: (event) => {
      if (event.type === 'batch') return;
      const line =
        event.type === 'scanned'
          ? {
              type: 'scanned',
              classes: event.report.classes,
              files: event.report.files,
              warnings: event.report.warnings,
            }
          : event;
      io.stdout.write(`${JSON.stringify(line)}\n`);
    },
    result: (result) => io.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`),
  };
}

function humanPrinter(io: CliIo): Printer {
  const bar = new ProgressBar(io, 'Embedding');
  return {
    event: (event) => {
      if (event.type === 'embedding') {
        bar.update(
          event.done,
          event.total,
          `${event.cached} cached, ${event.imagesPerSecond.toFixed(0)} images/s`,
        );
        if (event.done === event.total) bar.finish();
        return;
      }
      const line = describe(event);
      if (line) io.stdout.write(`${line}\n`);
    },
    result: (result) => io.stdout.write(summary(result)),
  };
}

function describe(event: JobEvent): string | undefined {
  switch (event.type) {
    case 'backend':
      return `Backend: ${event.report.label}`;
    case 'scanned':
      return `Dataset: ${event.report.files.imported} ${event.report.modality === 'text' ? 'texts' : 'images'} in ${event.report.classes.length} classes (${event.report.files.skipped} files skipped)`;
    case 'base':
      return `Base: ${event.name}, run by ${event.engine} on ${event.device}${event.fallbackReason ? ` (${event.fallbackReason})` : ''}`;
    case 'epoch':
      return epochLine(event.metrics);
    case 'refit':
      return `  refit on all images: epoch ${event.epoch} of ${event.epochs}  loss ${event.loss.toFixed(4)}  accuracy ${event.accuracy.toFixed(3)}`;
    case 'member':
      return memberLine(event);
    case 'stopped':
      return `  stopped: ${event.message}`;
    default:
      return undefined;
  }
}

/** An ensemble head after the first, as it starts and after each epoch (in phase 1 or a refit). */
function memberLine(event: Extract<JobEvent, { type: 'member' }>): string {
  const head = `  ${event.refit ? 'refit, ' : ''}head ${event.member} of ${event.members}:`;
  if (event.epoch === 0) return `${head} starting`;
  const loss = event.loss === undefined ? '' : `  loss ${event.loss.toFixed(4)}`;
  const accuracy = event.accuracy === undefined ? '' : `  accuracy ${event.accuracy.toFixed(3)}`;
  return `${head} epoch ${event.epoch} of ${event.epochs}${loss}${accuracy}`;
}

/** The confusion matrix and per-class table a terminal shows for an evaluation. */
export function evaluationTable(
  evaluation: Pick<Evaluation, 'classes' | 'confusion' | 'perClass'>,
): string {
  const { classes } = evaluation;
  const confusion = renderTable(
    ['actual \\ predicted', ...classes],
    evaluation.confusion.map((row, i) => [classes[i] ?? '', ...row]),
  );
  const perClass = renderTable(
    ['Class', 'Precision', 'Recall', 'F1', 'Support'],
    evaluation.perClass.map((m) => [
      m.name,
      m.precision.toFixed(3),
      m.recall.toFixed(3),
      m.f1.toFixed(3),
      m.support,
    ]),
  );
  return `${confusion}\n\n${perClass}\n`;
}

/** What a run's examples are called: a text run featurises its texts where an image run embeds. */
function examplesOf(result: TrainResult): 'texts' | 'images' {
  return 'featurize' in result.timings ? 'texts' : 'images';
}

function summary(result: TrainResult): string {
  const lines = [
    '',
    result.recipe === 'scratch'
      ? scratchSummaryLine(result)
      : `Model written to ${result.modelDir} (best epoch ${result.bestEpoch} of ${result.history.length}; embedded by ${result.embedding.engine} at ${result.embedding.imagesPerSecond.toFixed(0)} images/s, ${result.embedding.cached} from cache)`,
    `Timings: ${Object.entries(result.timings)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')}`,
  ];
  if (result.recipe !== 'scratch' && result.fineTuning)
    lines.push(`Fine-tuning: ${result.fineTuning.message}`);
  if (result.validation) {
    lines.push(
      `Validation accuracy: ${(result.validation.accuracy * 100).toFixed(1)}% on ${result.validation.count} ${examplesOf(result)} (top-${result.validation.topK.k}: ${(result.validation.topK.accuracy * 100).toFixed(1)}%)`,
      '',
      evaluationTable(result.validation),
    );
  }
  return `${lines.join('\n')}\n`;
}
