import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

export interface OrtRunnerOptions {
  /** Threads for one inference. Default: every core (ORT's own default). */
  threads?: number;
  /** Execution providers to try before the CPU. Default: the platform's GPU provider. */
  preferredProviders?: string[];
}

/**
 * GPU execution providers onnxruntime-node can use here. DirectML and CoreML are built into its
 * Windows and macOS binaries; CUDA needs the provider library its installer fetches (skipped
 * offline by .npmrc), so it is only tried when that library is present.
 */
export function platformGpuProviders(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string[] {
  if (platform === 'win32') return ['dml'];
  if (platform === 'darwin') return ['coreml'];
  if (
    platform === 'linux' &&
    existsSync(join(ortBinaryFolder(platform, arch), 'libonnxruntime_providers_cuda.so'))
  )
    return ['cuda'];
  return [];
}

function ortBinaryFolder(platform: string, arch: string): string {
  const packageJson = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  return join(dirname(packageJson), 'bin', 'napi-v6', platform, arch);
}

/**
 * An onnxruntime-node session over an ONNX graph written by the app: NHWC float input "input",
 * output "output". ORT runs the frozen base several times faster than tfjs on a CPU, and on a GPU
 * (CUDA, DirectML, CoreML) where that provider is installed; otherwise it says why it used the CPU.
 */
export class OrtRunner {
  private constructor(
    private readonly session: ort.InferenceSession,
    /** The execution provider the session runs on. */
    readonly provider: string,
    /** Why a preferred provider was not used, when it was not. */
    readonly providerNote: string | undefined,
  ) {}

  static async create(model: Uint8Array, options: OrtRunnerOptions = {}): Promise<OrtRunner> {
    const base: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    };
    const failures: string[] = [];
    for (const provider of options.preferredProviders ?? platformGpuProviders()) {
      try {
        const session = await ort.InferenceSession.create(model, {
          ...base,
          executionProviders: [provider],
        });
        return new OrtRunner(session, provider, undefined);
      } catch (error) {
        failures.push(`${provider}: ${(error as Error).message.split('\n')[0] ?? ''}`);
      }
    }
    const session = await ort.InferenceSession.create(model, {
      ...base,
      executionProviders: ['cpu'],
    });
    return new OrtRunner(
      session,
      'cpu',
      failures.length > 0 ? `not available: ${failures.join('; ')}` : undefined,
    );
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
