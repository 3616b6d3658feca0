import type { Bridge } from '../../src/common/contract/bridge.js';
import { connectContract, type MessagePortLike } from '../../src/common/contract/rpc.js';

/**
 * The bridge in browser mode: the contract over a WebSocket to the loopback server that served
 * this page (its access cookie goes along with the upgrade request).
 */
export async function socketBridge(url: string): Promise<Bridge> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener(
      'error',
      () => reject(new Error('Could not connect to the Transfer Studio server')),
      { once: true },
    );
  });
  const port: MessagePortLike = {
    postMessage: (message) => socket.send(JSON.stringify(message)),
    onMessage: (listener) => {
      const handle = (event: MessageEvent) => listener(JSON.parse(String(event.data)));
      socket.addEventListener('message', handle);
      return () => socket.removeEventListener('message', handle);
    },
  };
  const client = connectContract(port);
  socket.addEventListener('close', () => client.close());
  return {
    kind: 'browser',
    call: (channel, request) => client.call(channel, request),
    on: (name, listener) => client.on(name, listener),
    pathForFile: () => undefined,
  };
}
