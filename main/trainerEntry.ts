// The trainer in Electron's utility process: the engine's handlers on the parent port. The
// console is forwarded first and the engine imported after, so its load-time output is forwarded.
import type { MessagePortLike } from '../src/common/contract/rpc.js';
import { forwardConsole } from '../src/node/hosts/trainer/forwardConsole.js';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('trainerEntry.js runs in an Electron utility process');
const port: MessagePortLike = {
  postMessage: (message) => parentPort.postMessage(message),
  onMessage: (listener) => {
    const handle = (event: { data: unknown }) => listener(event.data);
    parentPort.on('message', handle);
    return () => parentPort.off('message', handle);
  },
};
forwardConsole(port);
const { serveTrainer } = await import('../src/node/hosts/trainer/serveTrainer.js');
serveTrainer(port, process.env);
