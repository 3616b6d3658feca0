import type { utilityProcess } from 'electron';
import type {
  TrainerExit,
  TrainerLauncher,
  TrainerProcess,
} from '../src/node/hosts/trainer/trainerHost.js';
import { trainerExit } from '../src/node/hosts/trainer/trainerExit.js';

export interface UtilityTrainerOptions {
  fork: typeof utilityProcess.fork;
  entry: string;
  /** V8 heap cap in MiB: going over ends the trainer with an out-of-memory report. */
  maxHeapMb: number;
  env: Record<string, string | undefined>;
}

/** The trainer in an Electron utility process: training never blocks the window. */
export function utilityTrainerLauncher(options: UtilityTrainerOptions): TrainerLauncher {
  return () => startUtilityTrainer(options);
}

function startUtilityTrainer(options: UtilityTrainerOptions): TrainerProcess {
  const child = options.fork(options.entry, [], {
    serviceName: 'Transfer Studio trainer',
    execArgv: [`--max-old-space-size=${options.maxHeapMb}`],
    stdio: 'inherit',
    env: options.env,
  });
  let stopping = false;
  let fatal: string | undefined;
  const listeners: ((exit: TrainerExit) => void)[] = [];
  child.on('error', (_type, _location, report) => (fatal = report));
  child.on('exit', (exitCode) => {
    if (stopping) return;
    const exit = describeExit(exitCode, fatal, options.maxHeapMb);
    for (const listener of listeners) listener(exit);
  });
  return {
    port: {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
    },
    onUnexpectedExit: (listener) => listeners.push(listener),
    stop: async () => {
      stopping = true;
      child.kill();
    },
  };
}

/** V8 reports a heap it cannot grow as a fatal error naming the heap. */
export function describeExit(
  exitCode: number,
  fatalReport: string | undefined,
  maxHeapMb: number,
): TrainerExit {
  const outOfMemory = fatalReport !== undefined && /heap|out of memory/i.test(fatalReport);
  return trainerExit(outOfMemory ? 'out-of-memory' : 'crashed', exitCode, maxHeapMb);
}
