import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import { scalePixels } from '../../../common/preprocessing.js';
import {
  camGraph,
  gradCam,
  gradCamFromActivation,
  type CamGraph,
  type ClassActivationMap,
} from '../../../engine/explain/gradCam.js';
import { decodeForModel, readImageHeader } from '../../adapters/image/decode.js';
import { createEmbedder, type Embedder } from '../embedding/embedder.js';
import { loadTrainedModel, type TrainedModel } from '../training/loadTrainedModel.js';
import { heatmapSampler, imageHeatmap, type HeatmapSampler } from './heatmapGeometry.js';
import { renderOverlay, type OverlayOptions } from './overlay.js';

/** Where the base runs: as for embedding, onnxruntime when it converts; tfjs is the reference. */
export type ExplainEngine = 'auto' | 'onnxruntime' | 'tfjs';

export interface ImageExplanation {
  prediction: string;
  /** Probability of the predicted class. */
  probability: number;
  /** The class the heatmap explains: the one asked for, else the prediction. */
  class: string;
  /** Over the whole image, rows top to bottom, values in [0, 1]. */
  heatmap: number[][];
  /** The map at the model's last convolutional resolution. */
  map: ClassActivationMap;
  /** The map's value at any point of the image, for drawing the overlay. */
  sample: HeatmapSampler;
}

/** A trained model opened once to explain many images. */
export interface Explainer {
  readonly classes: readonly string[];
  readonly engine: 'onnxruntime' | 'tfjs';
  explain(image: Uint8Array, className?: string): Promise<ImageExplanation>;
  overlay(
    image: Uint8Array,
    explanation: ImageExplanation,
    options?: OverlayOptions,
  ): Promise<Buffer>;
  dispose(): Promise<void>;
}

/**
 * Opens a trained model for Grad-CAM. On the split path the base, up to its last convolutional
 * activation, runs like the embedder (onnxruntime when it converts) and only the layers after it
 * run, and are differentiated, in tfjs; `engine: 'tfjs'` runs everything in tfjs.
 */
export async function openExplainer(
  modelDir: string,
  options: { engine?: ExplainEngine; signal?: AbortSignal | undefined } = {},
): Promise<Explainer> {
  const trained = await loadTrainedModel(modelDir, options.signal);
  try {
    const graph = camGraph(trained.model);
    const engine = options.engine ?? 'auto';
    const features = engine === 'tfjs' ? undefined : graph.featureModel();
    if (engine === 'onnxruntime' && !features)
      throw new AppError(
        'UNSUPPORTED',
        'This model’s base cannot run apart from its classifier, so it cannot run in onnxruntime',
      );
    const embedder = features
      ? (await createEmbedder(features, engine === 'onnxruntime' ? 'onnxruntime' : 'auto')).embedder
      : undefined;
    return new CamExplainer(trained, graph, embedder);
  } catch (error) {
    trained.model.dispose();
    throw error;
  }
}

class CamExplainer implements Explainer {
  readonly classes: readonly string[];
  readonly engine: 'onnxruntime' | 'tfjs';

  constructor(
    private readonly trained: TrainedModel,
    private readonly graph: CamGraph,
    private readonly embedder: Embedder | undefined,
  ) {
    this.classes = trained.metadata.classes;
    this.engine = embedder?.engine ?? 'tfjs';
  }

  async explain(image: Uint8Array, className?: string): Promise<ImageExplanation> {
    const classIndex = className === undefined ? undefined : this.classIndexOf(className);
    const { preprocessing } = this.trained.metadata;
    const size = await readImageHeader(image);
    const decoded = await decodeForModel(image, preprocessing);
    const pixels = scalePixels(decoded.data, preprocessing);
    const map = await this.classActivationMap(pixels, classIndex);
    const predicted = argMax(map.probabilities);
    const sample = heatmapSampler(map, size, preprocessing);
    return {
      prediction: this.classes[predicted] ?? '',
      probability: map.probabilities[predicted] ?? 0,
      class: this.classes[map.classIndex] ?? '',
      heatmap: imageHeatmap(map, size, preprocessing),
      map,
      sample,
    };
  }

  overlay(image: Uint8Array, explanation: ImageExplanation, options?: OverlayOptions) {
    return renderOverlay(image, explanation.sample, options);
  }

  async dispose(): Promise<void> {
    await this.embedder?.dispose();
    this.trained.model.dispose();
  }

  private async classActivationMap(
    pixels: Float32Array,
    classIndex: number | undefined,
  ): Promise<ClassActivationMap> {
    const { width, height } = this.trained.metadata.preprocessing;
    let maps: ClassActivationMap[];
    if (this.embedder) {
      const data = await this.embedder.embed(pixels, 1);
      const activation = tf.tensor4d(data, [1, ...this.embedder.featureShape] as [
        number,
        number,
        number,
        number,
      ]);
      try {
        maps = gradCamFromActivation(this.graph, activation, [classIndex]);
      } finally {
        activation.dispose();
      }
    } else {
      const input = tf.tensor4d(pixels, [1, height, width, 3]);
      try {
        maps = gradCam(this.graph, input, [classIndex]);
      } finally {
        input.dispose();
      }
    }
    const [map] = maps;
    if (!map) throw new AppError('INTERNAL', 'Grad-CAM returned no map');
    return map;
  }

  private classIndexOf(name: string): number {
    const index = this.classes.indexOf(name);
    if (index < 0)
      throw new AppError(
        'INVALID_ARGUMENT',
        `The model has no class "${name}"; its classes are: ${this.classes.join(', ')}`,
      );
    return index;
  }
}

function argMax(values: Float32Array): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] ?? -Infinity)) best = i;
  });
  return best;
}
