import { mkdir } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { freePath } from '../../adapters/files/names.js';
import { readImageFile } from '../../adapters/files/readImageFile.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { openExplainer, type ExplainEngine } from './explainer.js';

export interface FileExplanation {
  path: string;
  prediction: string;
  probability: number;
  class: string;
  heatmap: number[][];
  /** The overlay PNG written, when an output folder was given. */
  overlay?: string;
}

export interface ExplainFilesOptions {
  /** Class to explain; default each image's predicted class. */
  className?: string | undefined;
  /** Folder for the overlay PNGs (created if missing); none are written without it. */
  outDir?: string | undefined;
  engine?: ExplainEngine;
  /** Called with each image's result as soon as it is ready. */
  onResult?: (result: FileExplanation) => void;
  /** Stops the work between images with CANCELLED; overlays already written stay. */
  signal?: AbortSignal | undefined;
}

/** Grad-CAM of image files with a trained model, and their overlays as `<name>.explain.png`. */
export async function explainImageFiles(
  modelDir: string,
  paths: readonly string[],
  options: ExplainFilesOptions = {},
): Promise<FileExplanation[]> {
  const explainer = await openExplainer(modelDir, {
    engine: options.engine ?? 'auto',
    signal: options.signal,
  });
  try {
    if (options.outDir) await mkdir(options.outDir, { recursive: true });
    const results: FileExplanation[] = [];
    for (const path of paths) {
      throwIfAborted(options.signal);
      const image = await readImageFile(path);
      const explained = await explainer.explain(image, options.className);
      const result: FileExplanation = {
        path,
        prediction: explained.prediction,
        probability: explained.probability,
        class: explained.class,
        heatmap: explained.heatmap,
      };
      if (options.outDir) {
        const name = `${basename(path, extname(path))}.explain.png`;
        // Two images of the same name (from different folders) get two overlays, never one.
        result.overlay = await freePath(options.outDir, name);
        await writeFileAtomically(result.overlay, await explainer.overlay(image, explained));
      }
      options.onResult?.(result);
      results.push(result);
    }
    return results;
  } finally {
    await explainer.dispose();
  }
}
