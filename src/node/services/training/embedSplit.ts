import type * as tf from '../../../engine/tf.js';
import type { ImportedImage } from '../../../common/dataset.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import type { TrainEvent } from '../../../common/training.js';
import type { DatasetSource } from '../dataset/source.js';
import type { RgbImage } from '../../adapters/image/decode.js';
import { createEmbedder } from '../embedding/embedder.js';
import { embedImages } from '../embedding/embedImages.js';
import { FeatureCache, weightsFingerprint } from '../embedding/featureCache.js';

export interface EmbeddedSplit {
  /** Training rows first, then validation rows. */
  values: Float32Array;
  shape: number[];
  engine: 'onnxruntime' | 'tfjs';
  device: string;
  fallbackReason?: string;
  imagesPerSecond: number;
  cached: number;
}

export interface EmbedSplitInput {
  model: tf.LayersModel;
  images: ImportedImage[];
  source: DatasetSource;
  preprocessing: Preprocessing;
  cacheDir: string;
  /** Part of the cache key: "original" for features, "cut:<layer>" for freeze-line activations. */
  view: string;
  engine?: 'auto' | 'onnxruntime' | 'tfjs' | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: TrainEvent) => void) | undefined;
  /** Alters each decoded image (an augmented view); `view` must then name it. */
  transform?: ((image: RgbImage, index: number) => Promise<RgbImage>) | undefined;
}

/** Runs `model` (a frozen base, or its part below the freeze line) once per image, through the cache. */
export async function embedSplit(input: EmbedSplitInput): Promise<EmbeddedSplit> {
  const { embedder, fallbackReason } = await createEmbedder(input.model, input.engine ?? 'auto');
  const shape = embedder.featureShape;
  const key = {
    weights: weightsFingerprint(input.model),
    preprocessing: input.preprocessing,
    featureShape: shape,
    view: input.view,
    version: 1 as const,
  };
  const cache = await FeatureCache.open(
    input.cacheDir,
    key,
    shape.reduce((a, b) => a * b, 1),
  );
  let rate = { imagesPerSecond: 0, cached: 0 };
  try {
    const values = await embedImages(
      input.images.map((image) => ({
        sha256: image.sha256,
        read: () => input.source.read(image.path),
      })),
      {
        preprocessing: input.preprocessing,
        embedder,
        cache,
        signal: input.signal,
        transform: input.transform,
        onProgress: (p) => {
          rate = { imagesPerSecond: p.imagesPerSecond, cached: p.cached };
          input.onEvent?.({ type: 'embedding', view: input.view, ...p });
        },
      },
    );
    return {
      values,
      shape,
      engine: embedder.engine,
      device: embedder.device,
      ...(fallbackReason ? { fallbackReason } : {}),
      ...rate,
    };
  } finally {
    await embedder.dispose();
  }
}
