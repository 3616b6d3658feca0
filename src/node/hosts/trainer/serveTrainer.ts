import {
  serveContract,
  type ContractServer,
  type MessagePortLike,
} from '../../../common/contract/rpc.js';
import { createHandlers, type HandlerContext } from '../handlers/createHandlers.js';
import { oneTrainingAtATime } from './trainingGate.js';

/** What tests may hand the trainer's handlers in place of the real thing (a stepped source). */
export type TrainerSeams = Pick<HandlerContext, 'openDatasetSource'>;

/**
 * The trainer's side of the worker protocol: the engine's contract handlers answering on `port`
 * (sequence ids, validated payloads, serialised errors) and job events sent back on it. The
 * process runs one training at a time.
 */
export function serveTrainer(
  port: MessagePortLike,
  env: Record<string, string | undefined>,
  seams: TrainerSeams = {},
): ContractServer {
  const emitTo: { server?: ContractServer } = {};
  const server = serveContract(
    port,
    oneTrainingAtATime(
      createHandlers({
        ...seams,
        env,
        emit: (name, payload) => emitTo.server?.emit(name, payload),
      }),
    ),
  );
  emitTo.server = server;
  return server;
}
