import * as tf from '../../../engine/tf.js';
import { layersModelToOnnx } from '../../../engine/onnx/layersToOnnx.js';
import { OrtRunner } from '../../adapters/onnx/ortSession.js';

/** Runs the frozen base over a batch of model-ready images. */
export interface Embedder {
  readonly engine: 'onnxruntime' | 'tfjs';
  /** Where it runs: an onnxruntime execution provider (cpu, cuda, dml, coreml) or the tfjs backend. */
  readonly device: string;
  /** Shape of one image's features, e.g. [1280] or [7, 7, 1280]. */
  readonly featureShape: number[];
  embed(batch: Float32Array, count: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface EmbedderChoice {
  embedder: Embedder;
  /** Why tfjs runs the base when onnxruntime was preferred, or why ORT runs on the CPU. */
  fallbackReason?: string;
}

/**
 * The base runs in onnxruntime-node when its graph converts (every catalog architecture does),
 * otherwise in tfjs on the active backend, which is also the numerical reference.
 */
export async function createEmbedder(
  model: tf.LayersModel,
  engine: 'auto' | 'onnxruntime' | 'tfjs' = 'auto',
  threads?: number,
): Promise<EmbedderChoice> {
  if (engine === 'tfjs') return { embedder: new TfjsEmbedder(model) };
  try {
    const runner = await OrtRunner.create(
      layersModelToOnnx(model),
      threads === undefined ? {} : { threads },
    );
    return { embedder: new OrtEmbedder(runner, model) };
  } catch (error) {
    if (engine === 'onnxruntime') throw error;
    return { embedder: new TfjsEmbedder(model), fallbackReason: (error as Error).message };
  }
}

function featureShapeOf(model: tf.LayersModel): number[] {
  return (model.outputs[0]?.shape ?? []).slice(1).map((d) => Number(d));
}

function inputShapeOf(model: tf.LayersModel, count: number): number[] {
  return [count, ...(model.inputs[0]?.shape ?? []).slice(1).map((d) => Number(d))];
}

class OrtEmbedder implements Embedder {
  readonly engine = 'onnxruntime';
  readonly featureShape: number[];
  readonly device: string;

  constructor(
    private readonly runner: OrtRunner,
    private readonly model: tf.LayersModel,
  ) {
    this.featureShape = featureShapeOf(model);
    this.device = runner.provider;
  }

  async embed(batch: Float32Array, count: number): Promise<Float32Array> {
    return (await this.runner.run(batch, inputShapeOf(this.model, count))).data;
  }

  async dispose(): Promise<void> {
    await this.runner.release();
  }
}

class TfjsEmbedder implements Embedder {
  readonly engine = 'tfjs';
  readonly featureShape: number[];
  readonly device = tf.getBackend();

  constructor(private readonly model: tf.LayersModel) {
    this.featureShape = featureShapeOf(model);
  }

  async embed(batch: Float32Array, count: number): Promise<Float32Array> {
    const input = tf.tensor(batch, inputShapeOf(this.model, count));
    const output = this.model.predict(input) as tf.Tensor;
    const data = (await output.data()) as Float32Array;
    tf.dispose([input, output]);
    return data;
  }

  async dispose(): Promise<void> {}
}
