import { openDatasetSource } from '../dataset/openSource.js';
import { readImageFile } from '../../adapters/files/readImageFile.js';
import { openExplainer } from './explainer.js';

export interface AppExplanation {
  path: string;
  prediction: string;
  probability: number;
  class: string;
  heatmap: number[][];
  /** The image with the heatmap over it, a PNG as a data: URL (the renderer allows no other). */
  overlay: string;
}

export interface AppExplainRequest {
  modelDir: string;
  /** Engine paths, or paths inside `dataset` (a folder or zip) when it is given. */
  images: readonly string[];
  dataset?: string | undefined;
  className?: string | undefined;
  /** Longest side of the overlays. */
  overlaySide?: number;
}

/** Grad-CAM overlays for the app's screens: Try it (image files) and Evaluate (dataset images). */
export async function explainForApp(request: AppExplainRequest): Promise<AppExplanation[]> {
  // The source first: a dataset that cannot be opened must not leave a loaded model behind.
  const source = request.dataset ? await openDatasetSource(request.dataset) : undefined;
  const explainer = await openExplainer(request.modelDir);
  try {
    const results: AppExplanation[] = [];
    for (const path of request.images) {
      const image = source ? await source.read(path) : await readImageFile(path);
      const explained = await explainer.explain(image, request.className);
      const png = await explainer.overlay(image, explained, {
        maxSide: request.overlaySide ?? 512,
      });
      results.push({
        path,
        prediction: explained.prediction,
        probability: explained.probability,
        class: explained.class,
        heatmap: explained.heatmap,
        overlay: `data:image/png;base64,${png.toString('base64')}`,
      });
    }
    return results;
  } finally {
    await source?.close();
    await explainer.dispose();
  }
}
