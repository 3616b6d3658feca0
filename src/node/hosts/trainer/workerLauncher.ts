import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { nodeMessagePort } from '../../adapters/rpc/nodePort.js';
import { trainerExit } from './trainerExit.js';
import type { TrainerExit, TrainerLauncher, TrainerProcess } from './trainerHost.js';

export interface WorkerTrainerOptions {
  env: Record<string, string | undefined>;
  /** The trainer's script. Default: `defaultWorkerEntry()`. */
  entry?: URL | string;
  /**
   * Cap on the trainer's JavaScript heap in MiB (V8's old generation; tensors held by the wasm
   * backend live outside it). Going over ends the trainer with an out-of-memory report instead of
   * taking the whole app down. Default 4096.
   */
  maxHeapMb?: number;
}

export const DEFAULT_TRAINER_HEAP_MB = 4096;

/** Runs the trainer in a worker thread: browser mode and tests (Electron uses a utility process). */
export function workerTrainerLauncher(options: WorkerTrainerOptions): TrainerLauncher {
  return () => startWorkerTrainer(options);
}

function startWorkerTrainer(options: WorkerTrainerOptions): TrainerProcess {
  const maxHeapMb = options.maxHeapMb ?? DEFAULT_TRAINER_HEAP_MB;
  const worker = new Worker(options.entry ?? defaultWorkerEntry(), {
    workerData: { env: options.env },
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
  });
  let stopping = false;
  let failure: Error | undefined;
  const listeners: ((exit: TrainerExit) => void)[] = [];
  worker.on('error', (error) => (failure = error));
  worker.on('exit', (exitCode) => {
    if (stopping) return;
    const exit = describeExit(exitCode, failure, maxHeapMb);
    for (const listener of listeners) listener(exit);
  });
  return {
    port: nodeMessagePort(worker),
    onUnexpectedExit: (listener) => listeners.push(listener),
    stop: async () => {
      stopping = true;
      await worker.terminate();
    },
  };
}

/**
 * The compiled worker entry: beside this file when it runs compiled, else (tests and tools that
 * run the TypeScript sources) in the package's dist/ build.
 */
export function defaultWorkerEntry(): string {
  const beside = fileURLToPath(new URL('./workerEntry.js', import.meta.url));
  return existsSync(beside)
    ? beside
    : join(packageRoot(), 'dist', 'src', 'node', 'hosts', 'trainer', 'workerEntry.js');
}

function describeExit(
  exitCode: number,
  failure: Error | undefined,
  maxHeapMb: number,
): TrainerExit {
  const outOfMemory =
    (failure as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
  return trainerExit(
    outOfMemory ? 'out-of-memory' : 'crashed',
    exitCode,
    maxHeapMb,
    failure?.message,
  );
}
