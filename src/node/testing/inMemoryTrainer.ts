import { MessageChannel } from 'node:worker_threads';
import { nodeMessagePort } from '../adapters/rpc/nodePort.js';
import { serveTrainer, type TrainerSeams } from '../hosts/trainer/serveTrainer.js';
import type { TrainerExit, TrainerLauncher, TrainerProcess } from '../hosts/trainer/trainerHost.js';

export interface InMemoryTrainer {
  launch: TrainerLauncher;
  /** Each trainer launched so far; `exit` makes it "die" as a crashed process would. */
  launched: { exit: (exit: TrainerExit) => void }[];
}

/**
 * A trainer served in this thread over an in-memory port pair, for tests of what hosts it (the
 * TrainerHost, browser mode) without a worker or the compiled build.
 */
export function inMemoryTrainer(
  env: Record<string, string | undefined>,
  seams: TrainerSeams = {},
): InMemoryTrainer {
  const launched: InMemoryTrainer['launched'] = [];
  const launch = (): TrainerProcess => {
    const channel = new MessageChannel();
    const server = serveTrainer(nodeMessagePort(channel.port2), env, seams);
    const listeners: ((exit: TrainerExit) => void)[] = [];
    launched.push({
      // A dead process runs nothing: closing its server stops the work it was doing.
      exit: (exit) => {
        server.close();
        channel.port2.close();
        for (const listener of listeners) listener(exit);
      },
    });
    return {
      port: nodeMessagePort(channel.port1),
      onUnexpectedExit: (listener) => listeners.push(listener),
      stop: async () => {
        server.close();
        channel.port1.close();
        channel.port2.close();
      },
    };
  };
  return { launch, launched };
}
