import type * as tf from '../../../engine/tf.js';
import type { PackFiles } from './packFiles.js';

/**
 * The file a store copy of a plain TF.js model keeps beside model.json to remember the layer
 * chosen as its feature when it was imported, so training and the layer table need not ask again.
 */
export const FEATURE_LAYER_FILE = 'feature-layer.json';

/** A layer a plain TF.js model could be cut at to give features. */
export interface FeatureLayerCandidate {
  name: string;
  className: string;
  /** Without the batch dimension, e.g. [7, 7, 768] or [1024]. */
  outputShape: number[];
}

export interface FeatureLayerChoice {
  candidates: FeatureLayerCandidate[];
  /** The last pooling or flatten layer before the classifier, else the layer before it. */
  suggested: string | undefined;
}

const POOLING_OR_FLATTEN =
  /^(GlobalAveragePooling[12]D|GlobalMaxPooling[12]D|AveragePooling[12]D|MaxPooling[12]D|Flatten)$/;

/**
 * Every layer of a model that could serve as its feature layer (all but the inputs and the model's
 * own output, whose classes are what transfer learning replaces), and the one to suggest.
 */
export function featureLayerChoice(model: tf.LayersModel): FeatureLayerChoice {
  const outputs = new Set(model.outputLayers.map((l) => l.name));
  const candidates = model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer' && !outputs.has(layer.name))
    .map((layer) => ({
      name: layer.name,
      className: layer.getClassName(),
      outputShape: shapeWithoutBatch(layer.outputShape),
    }));
  return { candidates, suggested: suggestedLayer(candidates) };
}

function suggestedLayer(candidates: readonly FeatureLayerCandidate[]): string | undefined {
  const lastDense = candidates.map((c) => c.className).lastIndexOf('Dense');
  // Layers after the last Dense are its activation or reshapes: the classifier starts at it.
  const beforeClassifier = lastDense >= 0 ? candidates.slice(0, lastDense) : candidates;
  const pooled = [...beforeClassifier].reverse().find((c) => POOLING_OR_FLATTEN.test(c.className));
  return (pooled ?? beforeClassifier.at(-1) ?? candidates.at(-1))?.name;
}

function shapeWithoutBatch(shape: tf.Shape | tf.Shape[]): number[] {
  const first = Array.isArray(shape[0]) ? (shape[0] as tf.Shape) : (shape as tf.Shape);
  return first.slice(1).map((d) => d ?? -1);
}

/** The feature layer a store copy was imported with, if it records one. */
export async function storedFeatureLayer(files: PackFiles): Promise<string | undefined> {
  if (files.size(FEATURE_LAYER_FILE) === undefined) return undefined;
  try {
    const parsed = JSON.parse(
      Buffer.from(await files.read(FEATURE_LAYER_FILE)).toString('utf8'),
    ) as { featureLayer?: unknown };
    return typeof parsed.featureLayer === 'string' && parsed.featureLayer !== ''
      ? parsed.featureLayer
      : undefined;
  } catch {
    return undefined;
  }
}

/** The contents of FEATURE_LAYER_FILE for a chosen layer. */
export function featureLayerFile(featureLayer: string): string {
  return `${JSON.stringify({ featureLayer }, null, 2)}\n`;
}
