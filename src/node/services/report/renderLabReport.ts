import type { Project } from '../../../common/project.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import type { EpochMetrics } from '../../../common/training.js';
import { escapeHtml as e } from './html.js';
import { comparisonHtml, type ComparedRun } from './runComparison.js';
import { svgLineChart } from './svgChart.js';

export interface ReportExample {
  path: string;
  actual: string;
  predicted: string;
  probability: number;
  /** A small JPEG data URL; absent when the image could not be read any more. */
  thumbnail?: string;
  /** The image with where the model looked for the predicted class over it (a PNG data URL). */
  lookedAt?: string;
}

export interface LabReportData {
  title: string;
  student?: string;
  metadata: TrainedModelMetadata;
  project?: Project;
  misclassified: ReportExample[];
  /** How many validation images the model got wrong, when more than `misclassified` shows. */
  misclassifiedTotal?: number;
  /** The project's runs, for the transfer-vs-scratch table (shown when both recipes ran). */
  runs?: ComparedRun[];
  generatedAt: Date;
}

/**
 * The lab report a teacher reads: dataset, settings and seed, curves, accuracy per class,
 * confusion matrix and the misclassified images. One self-contained HTML file (inline SVG and
 * images, no scripts) that prints to PDF from any browser on two A4 or Letter pages at most:
 * side-by-side pairs and a compact print style keep it there (checked by e2e/labReportPrint).
 */
export function renderLabReport(data: LabReportData): string {
  const { metadata } = data;
  const { settings, classes } = metadata;
  const epochs = metadata.history;
  const counts = metadata.counts;
  const dataset = `<table><tr><th>class</th><th>training</th><th>validation</th></tr>${classes
    .map(
      (c) =>
        `<tr><td>${e(c)}</td><td>${counts?.train[c] ?? '?'}</td><td>${counts?.validation[c] ?? '?'}</td></tr>`,
    )
    .join('')}</table>`;
  const recipe = `<ul>
<li>Base model: ${e(metadata.base.name)}${metadata.base.architecture ? ` (<code>${e(metadata.base.architecture)}</code>)` : ''}</li>
<li>Head: ${headText(settings.head)}</li>
<li>Phase 1 (frozen base): up to ${settings.phase1.epochs} epochs, ${e(settings.phase1.optimizer)} at learning rate ${settings.phase1.learningRate}, batch ${settings.phase1.batchSize}</li>
<li>${settings.phase2.epochs > 0 ? `Phase 2 (fine-tuning from ${settings.unfreezeFrom === 'top' ? 'the top' : `block ${settings.unfreezeFrom}`}): up to ${settings.phase2.epochs} epochs at ${settings.phase2.learningRate}` : 'No fine-tuning'}</li>
<li>Augmentation: ${settings.augmentation.views === 0 ? 'none' : `${settings.augmentation.views} views per image`}; validation split ${Math.round(settings.validationSplit * 100)}%; early stopping after ${settings.earlyStoppingPatience} epochs</li>
<li><strong>Seed ${settings.seed}</strong>; kept epoch ${metadata.bestEpoch} of ${epochs.length}; backend ${e(metadata.backend)}</li>${
    metadata.refit
      ? `<li>Refit: the saved model was trained again on all ${metadata.refit.images} training and validation images for the ${metadata.refit.epochs} epochs validation chose</li>`
      : ''
  }
</ul>`;
  const curves = curvesChart(epochs);
  const comparison = comparisonHtml(data.runs ?? []);
  const validation = metadata.validation;
  const results = validation
    ? `<p class="big">${(validation.accuracy * 100).toFixed(1)}% of ${validation.count} validation images classified correctly.</p>${metadata.refit ? `<p>${REFIT_NOTE}</p>` : ''}${resultTables(classes, validation)}`
    : '<p>No validation images were held out.</p>';
  const shownOnly =
    data.misclassifiedTotal !== undefined && data.misclassifiedTotal > data.misclassified.length
      ? `<p>The ${data.misclassified.length} most confident of ${data.misclassifiedTotal} mistakes; the app's Evaluate screen lists them all.</p>`
      : '';
  const mistakes =
    data.misclassified.length === 0
      ? '<p>None: every validation image was classified correctly.</p>'
      : `${shownOnly}${data.misclassified.some((m) => m.lookedAt) ? '<p>Under each image: where the model looked for the class it chose (red: what raised that class most).</p>' : ''}<div class="examples">${data.misclassified
          .map(
            (m) =>
              `<figure>${m.thumbnail ? `<img src="${m.thumbnail}" alt="${e(m.path)}" width="96" height="96">` : ''}${m.lookedAt ? `<img src="${m.lookedAt}" alt="Where the model looked for ${e(m.predicted)}" width="96" class="looked">` : ''}<figcaption>${e(m.path)}<br>is <strong>${e(m.actual)}</strong>, predicted <strong>${e(m.predicted)}</strong> (${(m.probability * 100).toFixed(0)}%)</figcaption></figure>`,
          )
          .join('')}</div>`;
  return reportPage(
    data.title,
    `${data.student ? `${e(data.student)} · ` : ''}${data.project ? `project “${e(data.project.name)}” · ` : ''}trained ${e(metadata.createdAt.slice(0, 16).replace('T', ' '))} with Transfer Studio ${e(metadata.appVersion)} · report ${e(data.generatedAt.toISOString().slice(0, 16).replace('T', ' '))}`,
    `<div class="pair">${section('Dataset', dataset)}${section('Settings', recipe)}</div>
${section('Training curves', `<div class="pair">${curves}</div>`)}
${section('Results on the validation images', results)}
${comparison ? `${section('Transfer learning vs from scratch', comparison)}\n` : ''}${section('Misclassified validation images', mistakes)}
`,
  );
}

/** A refit model trained on its validation images: the scores shown are from before that. */
export const REFIT_NOTE =
  'These scores are those of the model before its refit: the saved model was then trained again on the training and validation images together, so it has seen these images.';

/** The new head in words: "global average pooling, one hidden layer of 128 units, dropout 0.2". */
export function headText(head: TrainedModelMetadata['settings']['head']): string {
  const pooling = head.pooling === 'average' ? 'global average pooling' : 'flatten';
  const [only] = head.hidden;
  const hidden =
    head.hidden.length === 0
      ? 'no hidden layer'
      : head.hidden.length === 1
        ? `one hidden layer of ${only} units`
        : `hidden layers of ${head.hidden.slice(0, -1).join(', ')} and ${head.hidden.at(-1)} units`;
  const members = head.members ?? 1;
  const ensemble =
    members > 1 ? `, ${members} such heads trained from different seeds and averaged` : '';
  // Escaped: the head comes from a metadata.json a hand-edited folder may have made anything.
  return e(`${pooling}, ${hidden}, dropout ${head.dropout}${ensemble}`);
}

/** Training and validation loss and accuracy per epoch, as two inline SVG charts. */
export function curvesChart(epochs: readonly EpochMetrics[]): string {
  return (
    svgLineChart('Loss per epoch', [
      { label: 'training loss', colour: '#1976d2', values: epochs.map((m) => m.loss) },
      { label: 'validation loss', colour: '#9c27b0', values: epochs.map((m) => m.valLoss) },
    ]) +
    svgLineChart(
      'Accuracy per epoch',
      [
        { label: 'training accuracy', colour: '#1976d2', values: epochs.map((m) => m.accuracy) },
        {
          label: 'validation accuracy',
          colour: '#9c27b0',
          values: epochs.map((m) => m.valAccuracy),
        },
      ],
      { yMin: 0, yMax: 1 },
    )
  );
}

interface ValidationTables {
  perClass?: { name: string; precision: number; recall: number; f1: number; support: number }[];
  confusion?: number[][];
}

/** Precision, recall and F1 per class beside the confusion matrix. */
export function resultTables(
  classes: readonly string[],
  validation: ValidationTables,
  examples = 'images',
): string {
  const perClass = validation.perClass
    ? `<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>${e(examples)}</th></tr>${validation.perClass
        .map(
          (m) =>
            `<tr><td>${e(m.name)}</td><td>${m.precision.toFixed(2)}</td><td>${m.recall.toFixed(2)}</td><td>${m.f1.toFixed(2)}</td><td>${m.support}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const matrix = validation.confusion
    ? `<h3>Confusion matrix (rows: true class, columns: predicted)</h3><table class="matrix"><tr><th></th>${classes.map((c) => `<th>${e(c)}</th>`).join('')}</tr>${validation.confusion
        .map(
          (row, i) =>
            `<tr><th>${e(classes[i] ?? '')}</th>${row.map((n, j) => `<td class="${i === j ? 'right' : n > 0 ? 'wrong' : ''}">${n}</td>`).join('')}</tr>`,
        )
        .join('')}</table>`
    : '';
  return `<div class="row"><div>${perClass}</div><div>${matrix}</div></div>`;
}

/** One section: a heading and its (already escaped) body. */
export function section(title: string, body: string): string {
  return `<section><h2>${e(title)}</h2>${body}</section>`;
}

/**
 * The self-contained page around a report's sections: inline styles only, no scripts, and a
 * print style that keeps it on two pages.
 */
export function reportPage(title: string, byline: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:900px;margin:24px auto;padding:0 16px;color:#222}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:0 24px;align-items:start}
.pair svg{width:100%;height:auto}.row{display:flex;flex-wrap:wrap;gap:0 24px;align-items:flex-start}
h3{font-size:inherit;margin:6px 0 2px}ul{padding-left:18px;margin:6px 0}
h1{margin-bottom:0}h2{border-bottom:1px solid #ddd;padding-bottom:2px;margin-top:20px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}.matrix td.right{background:#dcedc8}.matrix td.wrong{background:#ffcdd2}
.big{font-size:18px;font-weight:600}td.text{text-align:left;max-width:460px}.examples{display:flex;flex-wrap:wrap;gap:8px}
figure{margin:0;width:150px;font-size:11px}svg{margin-right:12px}
@page{size:auto;margin:12mm}
@media print{body{font-size:10.5px;line-height:1.3;max-width:none;margin:0;padding:0}h1{font-size:18px}
h2{font-size:13px;margin-top:8px}.big{font-size:13px}td,th{padding:1px 5px}
figure{width:104px;font-size:9px}.examples img{width:64px;height:64px}
figure,svg,tr,h2,h3{break-inside:avoid}h2,h3{break-after:avoid}}
</style></head><body>
<h1>${e(title)}</h1>
<p>${byline}</p>
${body}</body></html>
`;
}
