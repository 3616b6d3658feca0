import { readFile } from 'node:fs/promises';
import type { TrainSettings } from '../../../../common/training.js';
import { AppError } from '../../../../common/errors.js';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import { decodeText } from '../../../services/dataset/textDecode.js';
import type { SourceOpener } from '../../../services/dataset/anySource.js';
import { withTrainingDataset } from '../../../services/dataset/datasetScan.js';
import type { DatasetSource } from '../../../services/dataset/source.js';
import { scanTextDataset, type TextDatasetReport } from '../../../services/dataset/textDataset.js';
import { featureCacheRoot } from '../../../services/embedding/featureCache.js';
import { loadTextEncoder, type LoadedTextEncoder } from '../../../services/text/loadTextEncoder.js';
import {
  assertSameEncoder,
  loadTextModel,
  saveTextModel,
} from '../../../services/text/textModelFolder.js';
import {
  evaluateTextScratch,
  isTextScratchFolder,
  textScratchProbabilityRows,
} from '../../../services/text/textScratchModel.js';
import {
  classifyTexts,
  evaluateTextClassifier,
  openTextEmbeddingCache,
  trainTextClassifier,
  type TextEvaluation,
} from '../../../services/text/trainTextClassifier.js';
import type { TextExample } from '../../../services/dataset/textHealth.js';
import { USE_LITE_ID } from '../../../../engine/text/textEncoders.js';
import { epochLine } from '../epochLine.js';
import { UsageError, type CliIo } from '../io.js';
import { ProgressBar } from '../progressBar.js';
import { shown } from '../shown.js';

export interface TextTrainJob {
  dataset: string;
  out: string;
  /** Replace a folder already at `out` (written beside it and swapped in whole). */
  overwrite: boolean;
  base: string | undefined;
  settings: TrainSettings;
  cacheDir: string | undefined;
  backend: string | undefined;
  json: boolean;
}

/**
 * `train` on whatever the dataset holds, opened once: the pass that tells is a text dataset's scan
 * (the encoder loaded only then); an image dataset's source, still open and its listing going on,
 * goes to `trainOnImages` (undefined when it could not be opened: the image run says why).
 */
export async function trainTextOrImages(
  job: TextTrainJob,
  io: CliIo,
  trainOnImages: (source: DatasetSource | undefined) => Promise<number>,
  openSource?: SourceOpener,
): Promise<number> {
  let loaded: LoadedTextEncoder | undefined;
  const textOptions = async () => {
    loaded = await loadForTextTraining(job, io);
    return textScanOptions(loaded);
  };
  return withTrainingDataset(job.dataset, { openSource, textOptions }, async (dataset) => {
    if (dataset.modality === 'image') return trainOnImages(dataset.source);
    return trainOnTextReport(
      job,
      loaded ?? (await loadForTextTraining(job, io)),
      dataset.report,
      io,
    );
  });
}

async function loadForTextTraining(job: TextTrainJob, io: CliIo): Promise<LoadedTextEncoder> {
  if (job.base !== undefined && job.base !== USE_LITE_ID) {
    throw new UsageError(
      `This is a text dataset; its base is ${USE_LITE_ID} (or leave --base out)`,
    );
  }
  await loadBackend({ flag: job.backend, env: io.env });
  return loadTextEncoder(USE_LITE_ID);
}

function textScanOptions(loaded: LoadedTextEncoder) {
  return {
    maxPieces: loaded.summary.maxTokens,
    cutPieces: (text: string) => loaded.encoder.tokenize(text).droppedPieces,
  };
}

async function trainOnTextReport(
  job: TextTrainJob,
  loaded: LoadedTextEncoder,
  report: TextDatasetReport,
  io: CliIo,
): Promise<number> {
  const write = (line: object): void => void io.stdout.write(`${JSON.stringify(line)}\n`);
  if (job.json) {
    write({
      type: 'scanned',
      modality: 'text',
      classes: report.classes,
      warnings: report.warnings,
    });
  } else {
    io.stdout.write(
      `Text dataset: ${report.examples.length} texts in ${report.classes.length} classes (${report.classes.map((c) => `${shown(c.name)} ${c.count}`).join(', ')}); ${report.skipped.length} skipped\n`,
    );
    for (const warning of report.warnings) io.stdout.write(`Warning: ${warning.message}\n`);
  }
  const cache = await openTextEmbeddingCache(job.cacheDir ?? featureCacheRoot(io.env), loaded);
  const bar = new ProgressBar(io, 'Embedding');
  const trained = await trainTextClassifier({
    examples: report.examples,
    loaded,
    cache,
    settings: job.settings,
    onEmbedProgress: (p) => {
      if (job.json) write({ type: 'embedding', ...p });
      else {
        const eta = p.etaSeconds === undefined ? '' : `, ${Math.ceil(p.etaSeconds)} s left`;
        bar.update(
          p.done,
          p.total,
          `${p.cached} cached, ${p.textsPerSecond.toFixed(0)} texts/s${eta}`,
        );
        if (p.done === p.total) bar.finish();
      }
    },
    onEvent: (event) => {
      if (event.type === 'batch') return;
      if (job.json) write(event);
      else if (event.type === 'epoch') io.stdout.write(`${epochLine(event.metrics)}\n`);
    },
  });
  const metadata = await saveTextModel(
    job.out,
    trained,
    { settings: job.settings, dataset: job.dataset },
    job.overwrite,
  );
  const best = trained.fit.history.find((m) => m.epoch === trained.fit.bestEpoch);
  const result = {
    modality: 'text',
    out: job.out,
    classes: metadata.classes,
    encoder: metadata.encoder.id,
    bestEpoch: trained.fit.bestEpoch,
    validationAccuracy: best?.valAccuracy,
    embedding: trained.embedding,
  };
  if (job.json) write({ type: 'result', ...result });
  else
    io.stdout.write(
      `Saved ${shown(job.out)} (text, ${metadata.encoder.id}); best epoch ${result.bestEpoch}` +
        `${best?.valAccuracy === undefined ? '' : `, validation accuracy ${(best.valAccuracy * 100).toFixed(1)}%`}\n`,
    );
  return 0;
}

/**
 * `predict <model> --text "…"` (repeatable) and text files. Each file is answered on its own: one
 * that cannot be read gets a line naming it and why (on stderr too, `error` in --json) while the
 * others are classified, and the exit code is 1, as for images.
 */
export async function predictTextCommand(
  modelDir: string,
  texts: string[],
  files: string[],
  options: { json: boolean; top: number },
  io: CliIo,
): Promise<number> {
  const inputs: TextInput[] = [
    ...texts.map((text) => ({ text })),
    ...(await Promise.all(files.map(readTextInput))),
  ];
  if (inputs.length === 0) throw new UsageError('Give --text "…" or text files to classify');
  const readable = inputs.filter((input) => input.text !== undefined);
  const given = readable.map((input) => input.text ?? '');
  const { classes, probabilities } =
    given.length === 0
      ? { classes: [] as string[], probabilities: [] as number[][] }
      : (await isTextScratchFolder(modelDir))
        ? await textScratchProbabilityRows(modelDir, given)
        : await transferProbabilityRows(modelDir, given);
  const rankedOf = new Map(
    readable.map((input, i) => [
      input,
      (probabilities[i] ?? [])
        .map((probability, c) => ({ class: classes[c] ?? '', probability }))
        .sort((a, b) => b.probability - a.probability),
    ]),
  );
  const predictions = inputs.map((input) => {
    const where = input.path === undefined ? { text: input.text ?? '' } : { path: input.path };
    if (input.error) return { ...where, error: input.error };
    const ranked = rankedOf.get(input) ?? [];
    return { ...where, prediction: ranked[0]?.class ?? '', top: ranked.slice(0, options.top) };
  });
  if (options.json) io.stdout.write(`${JSON.stringify(predictions)}\n`);
  else
    for (const input of inputs) {
      const label =
        input.path === undefined
          ? JSON.stringify((input.text ?? '').slice(0, 60))
          : shown(input.path);
      const answer = input.error
        ? `error: ${shown(input.error.message)}`
        : (rankedOf.get(input) ?? [])
            .slice(0, options.top)
            .map((t) => `${shown(t.class)} ${(t.probability * 100).toFixed(1)}%`)
            .join(', ');
      io.stdout.write(`${label}: ${answer}\n`);
    }
  const failed = inputs.filter((input) => input.error);
  for (const input of failed) io.stderr.write(`error: ${shown(input.error?.message ?? '')}\n`);
  return failed.length > 0 ? 1 : 0;
}

interface TextInput {
  path?: string;
  text?: string;
  error?: { code: string; message: string };
}

/** A text file's text, or why it cannot be classified (missing, a folder, empty, binary, …). */
async function readTextInput(path: string): Promise<TextInput> {
  try {
    return { path, text: await readTextFile(path) };
  } catch (error) {
    const appError = error instanceof AppError ? error : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      path,
      error: {
        code: appError?.code ?? 'INVALID_ARGUMENT',
        message: appError ? reason : `Cannot classify ${path}: ${reason}`,
      },
    };
  }
}

async function transferProbabilityRows(modelDir: string, texts: string[]) {
  const model = await loadTextModel(modelDir);
  const loaded = await loadTextEncoder(model.metadata.encoder.id);
  assertSameEncoder(model.metadata, loaded);
  const { probabilities } = await classifyTexts(model.head, loaded, texts);
  return { classes: model.metadata.classes, probabilities };
}

/** `evaluate <text-model> <text-dataset>`: the image `--json` shape's accuracy/classes/confusion/perClass. */
export async function evaluateTextCommand(
  modelDir: string,
  dataset: string,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const report = await scanTextDataset(dataset);
  const evaluation = (await isTextScratchFolder(modelDir))
    ? jsonShape(await evaluateTextScratch(modelDir, report.examples))
    : await evaluateWithEncoder(modelDir, report.examples, io);
  if (json) {
    io.stdout.write(`${JSON.stringify(evaluation)}\n`);
    return 0;
  }
  io.stdout.write(
    `Accuracy: ${(evaluation.accuracy * 100).toFixed(1)}% on ${evaluatedCount(evaluation)} texts\n`,
  );
  evaluation.perClass.forEach((m, c) => {
    io.stdout.write(
      `  ${shown(evaluation.classes[c] ?? '')}: precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)}, F1 ${m.f1.toFixed(3)} (${m.support})\n`,
    );
  });
  return 0;
}

async function evaluateWithEncoder(modelDir: string, examples: TextExample[], io: CliIo) {
  const model = await loadTextModel(modelDir);
  const loaded = await loadTextEncoder(model.metadata.encoder.id);
  assertSameEncoder(model.metadata, loaded);
  const cache = await openTextEmbeddingCache(featureCacheRoot(io.env), loaded);
  return evaluateTextClassifier(
    { head: model.head, classes: model.metadata.classes },
    loaded,
    examples,
    cache,
  );
}

/** The fields of an evaluation that `evaluate --json` prints, for images and texts alike. */
/** Texts the evaluation scored: those of classes the model knows, every one a confusion cell. */
function evaluatedCount(evaluation: TextEvaluation): number {
  return evaluation.confusion.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
}

function jsonShape({ accuracy, classes, confusion, perClass }: TextEvaluation): TextEvaluation {
  return { accuracy, classes, confusion, perClass };
}

async function readTextFile(path: string): Promise<string> {
  const decoded = decodeText(await readFile(path));
  if (!decoded.ok) {
    throw new AppError('INVALID_ARGUMENT', `Cannot classify ${path}: ${decoded.reason}`);
  }
  return decoded.text;
}
