import { AppError } from '../../../common/errors.js';
import type { Project } from '../../../common/project.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import { withRecordedImages } from '../dataset/recordedImages.js';
import { thumbnail } from '../dataset/thumbnails.js';
import { readTrainedModelMetadata } from '../training/loadTrainedModel.js';
import { evaluateValidationImages } from '../training/modelServices.js';
import { renderLabReport, type ReportExample } from './renderLabReport.js';

export interface LabReportOptions {
  title?: string;
  student?: string;
  project?: Project;
  /** At most this many misclassified images are shown. Default 24. */
  maxExamples?: number;
}

/** The lab report of a trained model folder, as one HTML file's text. */
export async function buildLabReport(
  modelDir: string,
  options: LabReportOptions = {},
): Promise<string> {
  const metadata = await readTrainedModelMetadata(modelDir);
  return renderLabReport({
    title: options.title ?? `Image classifier: ${metadata.classes.join(', ')}`,
    ...(options.student ? { student: options.student } : {}),
    ...(options.project ? { project: options.project } : {}),
    metadata,
    misclassified: await misclassifiedValidationImages(
      modelDir,
      metadata,
      options.maxExamples ?? 24,
    ),
    generatedAt: new Date(),
  });
}

/** The validation images the model gets wrong (those still on disk), with thumbnails. */
async function misclassifiedValidationImages(
  modelDir: string,
  metadata: TrainedModelMetadata,
  limit: number,
): Promise<ReportExample[]> {
  const refs = metadata.validationImages;
  if (!refs) return [];
  const evaluation = await evaluateValidationImages(modelDir).catch((error: unknown) => {
    // No validation image left on disk: the report says there are none to show.
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  });
  const verdicts = evaluation?.misclassified.slice(0, limit) ?? [];
  return withRecordedImages(refs.dataset, async (recorded) => {
    const examples: ReportExample[] = [];
    for (const verdict of verdicts) {
      const bytes = await recorded.read(verdict.path);
      const small = bytes && (await thumbnail(bytes, 96).catch(() => undefined));
      examples.push({
        path: verdict.path,
        actual: metadata.classes[verdict.actual] ?? '',
        predicted: metadata.classes[verdict.predicted] ?? '',
        probability: verdict.probabilities[verdict.predicted] ?? 0,
        ...(small ? { thumbnail: small } : {}),
      });
    }
    return examples;
  });
}
