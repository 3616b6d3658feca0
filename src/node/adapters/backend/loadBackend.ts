import { createRequire } from 'node:module';
import * as tf from '../../../engine/tf.js';
import {
  BACKEND_ENV_VAR,
  BACKEND_LABELS,
  BACKEND_NAMES,
  parseBackendChoice,
  type BackendAttempt,
  type BackendChoice,
  type BackendName,
  type BackendReport,
} from '../../../common/backend.js';
import { AppError } from '../../../common/errors.js';
import { registerTrainingKernels } from '../../../engine/kernels/registerTrainingKernels.js';

/** The parts of tfjs the loader touches, so tests can stand in for them. */
export interface TfRuntime {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  /** The active backend object; tfjs-node's says whether it found a CUDA device. */
  backend(): unknown;
  env(): { getAsync(flag: string): Promise<unknown>; set(flag: string, value: boolean): void };
  version_core: string;
}

export interface BackendDeps {
  tf: TfRuntime;
  /** Loads a package by name (Node's require); throws as require does. */
  requireModule(id: string): unknown;
  /** Registers missing gradient kernels for a backend; returns their names. */
  patchKernels(backendName: string): string[];
}

export interface BackendOptions {
  /** `--backend` from the command line; wins over the environment variable. */
  flag?: string | undefined;
  env?: Record<string, string | undefined>;
}

const MODULE_OF: Record<BackendName, string | undefined> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: undefined,
};

const TFJS_NAME_OF: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

export function defaultBackendDeps(): BackendDeps {
  const require = createRequire(import.meta.url);
  return { tf, requireModule: (id) => require(id), patchKernels: registerTrainingKernels };
}

/**
 * Picks the fastest backend that works here: native TensorFlow with CUDA, native TensorFlow on CPU,
 * WebAssembly, then plain JavaScript. Records why each better one was passed over.
 */
export async function loadBackend(
  options: BackendOptions = {},
  deps: BackendDeps = defaultBackendDeps(),
): Promise<BackendReport> {
  const { choice, requestedBy } = resolveChoice(options);
  // PROD silences tfjs' console advice ("install our node backend"); this report says it better.
  deps.tf.env().set('PROD', true);
  const attempts: BackendAttempt[] = [];
  for (const backend of BACKEND_NAMES) {
    if (choice !== 'auto' && backend !== choice) {
      attempts.push({
        backend,
        outcome: 'skipped',
        reason: 'not-requested',
        message: `${choice} was requested`,
      });
      continue;
    }
    const failure = await tryBackend(backend, deps);
    if (failure) {
      attempts.push(failure);
      continue;
    }
    attempts.push({ backend, outcome: 'selected', message: selectedMessage(backend, deps.tf) });
    return {
      backend,
      label: BACKEND_LABELS[backend],
      requestedBy,
      attempts,
      ...(backend === 'wasm' ? { wasm: await wasmFeatures(deps.tf) } : {}),
      patchedKernels: deps.patchKernels(TFJS_NAME_OF[backend]),
      tfjsVersion: deps.tf.version_core,
    };
  }
  throw new AppError('BACKEND_UNAVAILABLE', `The ${choice} backend could not be started`, {
    attempts,
  });
}

function resolveChoice(options: BackendOptions): {
  choice: BackendChoice;
  requestedBy: BackendReport['requestedBy'];
} {
  const fromEnv = (options.env ?? process.env)[BACKEND_ENV_VAR];
  const raw = options.flag ?? fromEnv;
  if (raw === undefined || raw === '') return { choice: 'auto', requestedBy: 'auto' };
  const choice = parseBackendChoice(raw);
  if (!choice) {
    const source = options.flag !== undefined ? '--backend' : BACKEND_ENV_VAR;
    throw new AppError(
      'INVALID_ARGUMENT',
      `Unknown backend "${raw}" in ${source}; use one of auto, ${BACKEND_NAMES.join(', ')}`,
    );
  }
  if (choice === 'auto') return { choice, requestedBy: 'auto' };
  return { choice, requestedBy: options.flag !== undefined ? 'flag' : 'env' };
}

async function tryBackend(
  backend: BackendName,
  deps: BackendDeps,
): Promise<BackendAttempt | undefined> {
  const moduleId = MODULE_OF[backend];
  if (moduleId) {
    try {
      deps.requireModule(moduleId);
    } catch (error) {
      const { reason, message } = classifyLoadError(error, moduleId);
      return { backend, outcome: 'skipped', reason, message };
    }
  }
  try {
    if (await deps.tf.setBackend(TFJS_NAME_OF[backend])) return undefined;
    return {
      backend,
      outcome: 'skipped',
      reason: 'init-failed',
      message: 'tfjs could not initialise it',
    };
  } catch (error) {
    return { backend, outcome: 'skipped', reason: 'init-failed', message: messageOf(error) };
  }
}

const CUDA_LIBRARY = /lib(cudart|cudnn|cublas|cufft|curand|cusolver|cusparse|nvinfer|cuda)\b|CUDA/i;
const NATIVE_BINDING = /tfjs_binding\.node|native addon|napi-v\d|libtensorflow/i;

/** Tells "not installed" from "installed but its native parts are missing" from everything else. */
export function classifyLoadError(
  error: unknown,
  moduleId: string,
): { reason: NonNullable<BackendAttempt['reason']>; message: string } {
  const message = messageOf(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (CUDA_LIBRARY.test(message)) return { reason: 'cuda-missing', message: firstLine(message) };
  if (NATIVE_BINDING.test(message))
    return { reason: 'native-binary-missing', message: firstLine(message) };
  if (code === 'MODULE_NOT_FOUND' && message.includes(`'${moduleId}'`)) {
    return { reason: 'module-absent', message: `${moduleId} is not installed` };
  }
  return { reason: 'init-failed', message: firstLine(message) };
}

function selectedMessage(backend: BackendName, runtime: TfRuntime): string {
  if (backend !== 'tensorflow-gpu') return 'initialised';
  const usingGpu = (runtime.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
  // The GPU build runs on the CPU when CUDA loads but finds no device; say so rather than claim a GPU.
  return usingGpu === false
    ? 'initialised, but no CUDA device was found: running on the CPU'
    : 'initialised on the GPU';
}

async function wasmFeatures(runtime: TfRuntime): Promise<{ simd: boolean; threads: boolean }> {
  const [simd, threads] = await Promise.all([
    runtime.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    runtime.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return { simd: simd === true, threads: threads === true };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
