import {
  serveContract,
  type ContractServer,
  type MessagePortLike,
} from '../../../common/contract/rpc.js';
import { createHandlers } from '../handlers/createHandlers.js';

/**
 * The trainer's side of the worker protocol: the engine's contract handlers answering on `port`
 * (sequence ids, validated payloads, serialised errors) and job events sent back on it.
 */
export function serveTrainer(
  port: MessagePortLike,
  env: Record<string, string | undefined>,
): ContractServer {
  const emitTo: { server?: ContractServer } = {};
  const server = serveContract(
    port,
    createHandlers({ env, emit: (name, payload) => emitTo.server?.emit(name, payload) }),
  );
  emitTo.server = server;
  return server;
}
