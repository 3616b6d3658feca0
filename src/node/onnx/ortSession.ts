import * as ort from 'onnxruntime-node';

export interface OrtRunnerOptions {
  /** Threads for one inference. Default: every core (ORT's own default). */
  threads?: number;
}

/**
 * An onnxruntime-node session over an ONNX graph written by the app: NHWC float input "input",
 * output "output". ORT runs the frozen base several times faster than tfjs on a CPU.
 */
export class OrtRunner {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async create(model: Uint8Array, options: OrtRunnerOptions = {}): Promise<OrtRunner> {
    const session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    });
    return new OrtRunner(session);
  }

  /** Runs one batch; `shape` is the input's [n, h, w, c]. */
  async run(
    input: Float32Array,
    shape: number[],
  ): Promise<{ data: Float32Array; dims: readonly number[] }> {
    const feeds = { input: new ort.Tensor('float32', input, shape) };
    const results = await this.session.run(feeds);
    const output = results['output'];
    if (!output) throw new Error('ONNX graph has no "output"');
    return { data: output.data as Float32Array, dims: output.dims };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
