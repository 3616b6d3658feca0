import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import type { Project } from '../../../common/project.js';
import type { TrainSettings } from '../../../common/training.js';
import { packageVersion } from '../../adapters/platform/packageRoot.js';
import type { TextExamplesEvaluation as TextEvaluation } from '../text/textEvaluation.js';
import type { TextModelMetadata } from '../text/textModelFolder.js';
import { evaluateTextValidation } from '../text/textModelServices.js';
import type { TextSession } from '../text/textSession.js';
import { escapeHtml as e } from './html.js';
import { curvesChart, headText, reportPage, resultTables, section } from './renderLabReport.js';
import { compareProjectRuns, comparisonHtml, type ComparedRun } from './runComparison.js';

/** What the text lab report shows: the model's record, its validation texts scored, the runs. */
export interface TextLabReportData {
  title: string;
  student?: string;
  project?: Project;
  metadata: TextModelRecord;
  /** The model run on the texts it held out; absent when its folder did not keep them. */
  evaluation?: TextEvaluation;
  /** At most this many mistakes are shown. */
  maxExamples: number;
  runs: ComparedRun[];
  generatedAt: Date;
}

/** metadata.json of a text model, transfer (names its encoder) or from scratch (its network). */
export type TextModelRecord = Pick<
  TextModelMetadata,
  'classes' | 'settings' | 'history' | 'bestEpoch' | 'dataset' | 'createdAt'
> & {
  recipe?: 'transfer' | 'scratch';
  encoder?: { id: string };
  model?: { description: string };
};

/**
 * The lab report of a text model folder: its validation texts are run through it again (the
 * session's encoder; a from-scratch model needs none).
 */
export async function buildTextLabReport(
  modelDir: string,
  session: TextSession,
  options: { title?: string; student?: string; project?: Project; maxExamples?: number } = {},
): Promise<string> {
  const metadata = await readTextModelRecord(modelDir);
  const evaluation = await evaluateTextValidation(session, modelDir).catch((error: unknown) => {
    // A folder from before text models kept their validation texts: the report says so.
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  });
  return renderTextLabReport({
    title: options.title ?? `Text classifier: ${metadata.classes.join(', ')}`,
    ...(options.student ? { student: options.student } : {}),
    ...(options.project ? { project: options.project } : {}),
    metadata,
    ...(evaluation ? { evaluation } : {}),
    maxExamples: options.maxExamples ?? 12,
    runs: options.project ? await compareProjectRuns(options.project, modelDir) : [],
    generatedAt: new Date(),
  });
}

async function readTextModelRecord(modelDir: string): Promise<TextModelRecord> {
  const path = join(modelDir, 'metadata.json');
  const record = JSON.parse(await readFile(path, 'utf8')) as Partial<TextModelRecord> & {
    modality?: unknown;
  };
  if (record.modality !== 'text' || !Array.isArray(record.classes) || !record.settings)
    throw new AppError('INVALID_ARGUMENT', `${path} does not describe a text model`);
  return record as TextModelRecord;
}

/**
 * The lab report of a text model: the same page as for images, in texts. Mistakes are shown as
 * snippets of the texts (escaped: a text may hold anything, markup included), and there are no
 * thumbnails or heatmaps. When the project holds both recipes, transfer vs scratch is one table.
 */
export function renderTextLabReport(data: TextLabReportData): string {
  const { metadata, evaluation } = data;
  const { classes } = metadata;
  const support = new Map(evaluation?.perClass.map((m) => [m.name, m.support]));
  const dataset = `<p>Dataset: ${e(metadata.dataset)}</p><table><tr><th>class</th><th>validation texts</th></tr>${classes
    .map((c) => `<tr><td>${e(c)}</td><td>${support.get(c) ?? '?'}</td></tr>`)
    .join('')}</table>`;
  const comparison = comparisonHtml(data.runs);
  const body = [
    `<div class="pair">${section('Dataset', dataset)}${section('Settings', settingsList(metadata))}</div>`,
    section('Training curves', `<div class="pair">${curvesChart(metadata.history)}</div>`),
    section('Results on the validation texts', results(classes, evaluation)),
    comparison ? section('Transfer learning vs from scratch', comparison) : '',
    section('Misclassified validation texts', mistakes(evaluation, data.maxExamples)),
  ];
  const byline = `${data.student ? `${e(data.student)} · ` : ''}${data.project ? `project “${e(data.project.name)}” · ` : ''}trained ${e((metadata.createdAt ?? '').slice(0, 16).replace('T', ' '))} · report ${e(data.generatedAt.toISOString().slice(0, 16).replace('T', ' '))} with Transfer Studio ${e(packageVersion())}`;
  return reportPage(data.title, byline, `${body.filter(Boolean).join('\n')}\n`);
}

function settingsList(metadata: TextModelRecord): string {
  const settings: TrainSettings = metadata.settings;
  const model =
    metadata.recipe === 'scratch'
      ? `<li>From scratch: ${e(metadata.model?.description ?? 'a network that starts knowing nothing')}</li>`
      : `<li>Sentence encoder: <code>${e(metadata.encoder?.id ?? '?')}</code>, frozen (a graph model cannot be fine-tuned)</li><li>Head: ${headText(settings.head)}</li>`;
  return `<ul>
${model}
<li>Up to ${n(settings.phase1.epochs)} epochs, ${e(settings.phase1.optimizer)} at learning rate ${n(settings.phase1.learningRate)}, batch ${n(settings.phase1.batchSize)}</li>
<li>Validation split ${n(Math.round(settings.validationSplit * 100))}%; early stopping after ${n(settings.earlyStoppingPatience)} epochs</li>
<li><strong>Seed ${n(settings.seed)}</strong>; kept epoch ${n(metadata.bestEpoch)} of ${n(metadata.history.length)}</li>
</ul>`;
}

/** A number read from metadata.json, which a hand-edited folder may have made anything: escaped. */
function n(value: unknown): string {
  return e(String(value));
}

function results(classes: readonly string[], evaluation: TextEvaluation | undefined): string {
  if (!evaluation) return '<p>This model did not keep the texts it was validated on.</p>';
  return `<p class="big">${(evaluation.accuracy * 100).toFixed(1)}% of ${evaluation.count} validation texts classified correctly.</p>${resultTables(classes, evaluation, 'texts')}`;
}

function mistakes(evaluation: TextEvaluation | undefined, limit: number): string {
  if (!evaluation) return '<p>Not known: the validation texts were not kept.</p>';
  const wrong = evaluation.misclassified;
  if (wrong.length === 0) return '<p>None: every validation text was classified correctly.</p>';
  const shown = wrong.slice(0, limit);
  const shownOnly =
    wrong.length > shown.length
      ? `<p>The ${shown.length} most confident of ${wrong.length} mistakes; the app's Evaluate screen lists them all.</p>`
      : '';
  const rows = shown
    .map((m) => {
      const predicted = evaluation.classes[m.predicted] ?? '';
      const probability = ((m.probabilities[m.predicted] ?? 0) * 100).toFixed(0);
      return `<tr><td>${e(m.path)}</td><td class="text">${e(m.text)}</td><td>${e(evaluation.classes[m.actual] ?? '')}</td><td>${e(predicted)} (${probability}%)</td></tr>`;
    })
    .join('');
  return `${shownOnly}<table class="texts"><tr><th>where</th><th>text</th><th>is</th><th>predicted</th></tr>${rows}</table>`;
}
