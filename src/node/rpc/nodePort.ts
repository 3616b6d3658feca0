import type { MessagePort } from 'node:worker_threads';
import type { MessagePortLike } from '../../common/contract/rpc.js';

/** A worker_threads MessagePort (also what tests pair in memory) as a contract port. */
export function nodeMessagePort(port: MessagePort): MessagePortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}
