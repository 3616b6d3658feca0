import { AppError } from '../../../common/errors.js';
import type { Project } from '../../../common/project.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { withRecordedImages } from '../dataset/recordedImages.js';
import { thumbnail } from '../dataset/thumbnails.js';
import { openExplainer, type Explainer } from '../explain/explainer.js';
import { readTrainedModelMetadata } from '../training/loadTrainedModel.js';
import { evaluateValidationImages } from '../training/modelServices.js';
import { isTextModelFolder } from '../text/textModelFolder.js';
import { TextSession } from '../text/textSession.js';
import { renderLabReport, type ReportExample } from './renderLabReport.js';
import { compareProjectRuns } from './runComparison.js';
import { buildTextLabReport } from './textLabReport.js';

export interface LabReportOptions {
  title?: string;
  student?: string;
  project?: Project;
  /** At most this many misclassified images are shown (the report prints on two pages). Default 12. */
  maxExamples?: number;
  /** For a text model: the session whose encoder scores its validation texts. */
  textSession?: TextSession;
}

let fallbackSession: TextSession | undefined;

/** One session per process for callers that hold none, so the encoder is loaded once. */
function sharedTextSession(): TextSession {
  fallbackSession ??= new TextSession(process.env);
  return fallbackSession;
}

/** The lab report of a trained model folder, as one HTML file's text. */
export async function buildLabReport(
  modelDir: string,
  options: LabReportOptions = {},
): Promise<string> {
  if (await isTextModelFolder(modelDir))
    return buildTextLabReport(modelDir, options.textSession ?? sharedTextSession(), options);
  const metadata = await readTrainedModelMetadata(modelDir);
  return renderLabReport({
    title: options.title ?? `Image classifier: ${metadata.classes.join(', ')}`,
    ...(options.student ? { student: options.student } : {}),
    ...(options.project ? { project: options.project } : {}),
    metadata,
    misclassified: await misclassifiedValidationImages(
      modelDir,
      metadata,
      options.maxExamples ?? 12,
    ),
    ...(metadata.validation?.confusion
      ? { misclassifiedTotal: offDiagonal(metadata.validation.confusion) }
      : {}),
    ...(options.project ? { runs: await compareProjectRuns(options.project, modelDir) } : {}),
    generatedAt: new Date(),
  });
}

/**
 * The validation images the model gets wrong (those still on disk), with thumbnails and where the
 * model looked for the class it wrongly chose (Grad-CAM, about as cheap as a second prediction).
 */
async function misclassifiedValidationImages(
  modelDir: string,
  metadata: TrainedModelMetadata,
  limit: number,
): Promise<ReportExample[]> {
  const refs = metadata.validationImages;
  if (!refs) return [];
  const evaluation = await evaluateValidationImages(modelDir).catch((error: unknown) => {
    // No validation image left on disk, or a refit model with no scores from before its refit:
    // the report says there are none to show.
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'UNSUPPORTED'))
      return undefined;
    throw error;
  });
  const verdicts = evaluation?.misclassified.slice(0, limit) ?? [];
  if (verdicts.length === 0) return [];
  // Best effort: a model Grad-CAM cannot explain still gets its report, without the overlays.
  const explainer = await openExplainer(modelDir).catch(() => undefined);
  try {
    return await withRecordedImages(refs.dataset, async (recorded) => {
      const examples: ReportExample[] = [];
      for (const verdict of verdicts) {
        const bytes = await recorded.read(verdict.path);
        const predicted = metadata.classes[verdict.predicted] ?? '';
        const small = bytes && (await thumbnail(bytes, 96).catch(() => undefined));
        const looked = bytes && explainer && (await lookedAt(explainer, bytes, predicted));
        examples.push({
          path: verdict.path,
          actual: metadata.classes[verdict.actual] ?? '',
          predicted,
          probability: verdict.probabilities[verdict.predicted] ?? 0,
          ...(small ? { thumbnail: small } : {}),
          ...(looked ? { lookedAt: looked } : {}),
        });
      }
      return examples;
    });
  } finally {
    await explainer?.dispose();
  }
}

/** The image with the heatmap for `className` over it, as a small PNG data URL. */
async function lookedAt(
  explainer: Explainer,
  image: Uint8Array,
  className: string,
): Promise<string | undefined> {
  try {
    const explained = await explainer.explain(image, className);
    const png = await explainer.overlay(image, explained, { maxSide: 96 });
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return undefined;
  }
}

/** Every mistake the confusion matrix counts: the cells off its diagonal. */
function offDiagonal(confusion: readonly (readonly number[])[]): number {
  return confusion.reduce(
    (sum, row, i) => sum + row.reduce((s, n, j) => s + (i === j ? 0 : n), 0),
    0,
  );
}
