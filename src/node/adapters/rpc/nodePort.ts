import type { MessagePortLike } from '../../../common/contract/rpc.js';

/** What a worker_threads MessagePort and a Worker have in common. */
interface NodePort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** A worker_threads MessagePort or Worker (also what tests pair in memory) as a contract port. */
export function nodeMessagePort(port: NodePort): MessagePortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}
