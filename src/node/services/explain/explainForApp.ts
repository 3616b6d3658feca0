import { openDatasetSource } from '../dataset/openSource.js';
import { readImageFile } from '../../adapters/files/readImageFile.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { openExplainer, type Explainer } from './explainer.js';

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
  /** Stops the work between images with CANCELLED; the model is released on the way out. */
  signal?: AbortSignal | undefined;
  /** Called with each image's result as soon as it is ready. */
  onResult?: ((result: AppExplanation) => void) | undefined;
}

/** Grad-CAM overlays for the app's screens: Try it (image files) and Evaluate (dataset images). */
export async function explainForApp(request: AppExplainRequest): Promise<AppExplanation[]> {
  // The source first: a dataset that cannot be opened must not leave a loaded model behind.
  const source = request.dataset ? await openDatasetSource(request.dataset) : undefined;
  let explainer: Explainer | undefined;
  try {
    explainer = await openExplainer(request.modelDir, { signal: request.signal });
    const results: AppExplanation[] = [];
    for (const path of request.images) {
      throwIfAborted(request.signal);
      const image = source ? await source.read(path) : await readImageFile(path);
      const explained = await explainer.explain(image, request.className);
      const png = await explainer.overlay(image, explained, {
        maxSide: request.overlaySide ?? 512,
      });
      const result = {
        path,
        prediction: explained.prediction,
        probability: explained.probability,
        class: explained.class,
        heatmap: explained.heatmap,
        overlay: `data:image/png;base64,${png.toString('base64')}`,
      };
      request.onResult?.(result);
      results.push(result);
    }
    return results;
  } finally {
    await source?.close();
    await explainer?.dispose();
  }
}
