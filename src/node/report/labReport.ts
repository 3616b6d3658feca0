import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project } from '../../common/project.js';
import type { TrainedModelMetadata } from '../../common/trainedModel.js';
import { thumbnail } from '../image/thumbnails.js';
import { readTrainedModelMetadata } from '../training/loadTrainedModel.js';
import { predictImageFiles } from '../training/modelServices.js';
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

/**
 * The validation images the model gets wrong, with thumbnails. Each image's class is the folder
 * it is in; images no longer on disk are left out.
 */
async function misclassifiedValidationImages(
  modelDir: string,
  metadata: TrainedModelMetadata,
  limit: number,
): Promise<ReportExample[]> {
  const refs = metadata.validationImages;
  if (!refs) return [];
  const present = refs.paths.filter((p) => existsSync(join(refs.dataset, p)));
  if (present.length === 0) return [];
  const predictions = await predictImageFiles(
    modelDir,
    present.map((p) => join(refs.dataset, p)),
  );
  const wrong: ReportExample[] = [];
  for (const [i, prediction] of predictions.entries()) {
    const path = present[i] ?? '';
    const actual = path.split('/').at(-2) ?? '';
    if (prediction.prediction === actual || wrong.length >= limit) continue;
    const bytes = await readFile(prediction.path);
    const small = await thumbnail(bytes, 96).catch(() => undefined);
    wrong.push({
      path,
      actual,
      predicted: prediction.prediction,
      probability: prediction.probabilities[0]?.probability ?? 0,
      ...(small ? { thumbnail: small } : {}),
    });
  }
  return wrong;
}
