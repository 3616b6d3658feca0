import { MessageChannel } from 'node:worker_threads';
import type { EventName, EventOf } from '../../common/contract/contract.js';
import { connectContract, serveContract, type ContractClient } from '../../common/contract/rpc.js';
import { nodeMessagePort } from '../adapters/rpc/nodePort.js';
import { createHandlers, type HandlerContext } from '../hosts/handlers/createHandlers.js';

export interface HandlerPair {
  /** Calls the handlers as the app does: validated payloads, sequence ids, cancel messages. */
  rpc: ContractClient;
  /** Ends the connection: requests still running are cancelled, both ports close. */
  close(): void;
}

/**
 * The engine's contract handlers served on one end of an in-memory MessageChannel and a client
 * on the other: the trainer's own protocol, without starting a worker.
 */
export function handlerPair(
  env: Record<string, string | undefined>,
  seams: Pick<HandlerContext, 'openDatasetSource'> = {},
): HandlerPair {
  const channel = new MessageChannel();
  const server = serveContract(
    nodeMessagePort(channel.port1),
    createHandlers({ ...seams, env, emit: (name, payload) => server.emit(name, payload) }),
  );
  const rpc = connectContract(nodeMessagePort(channel.port2));
  return {
    rpc,
    close: () => {
      rpc.close();
      server.close();
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** Resolves with the next `name` event that matches, then stops listening. */
export function nextEvent<E extends EventName>(
  rpc: Pick<ContractClient, 'on'>,
  name: E,
  matches: (payload: EventOf<E>) => boolean = () => true,
): Promise<EventOf<E>> {
  return new Promise((resolve) => {
    const stop = rpc.on(name, (payload) => {
      if (!matches(payload)) return;
      stop();
      resolve(payload);
    });
  });
}
