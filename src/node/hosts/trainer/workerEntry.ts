import { parentPort, workerData } from 'node:worker_threads';
import { nodeMessagePort } from '../../adapters/rpc/nodePort.js';
import { forwardConsole } from './forwardConsole.js';

// The trainer in a worker thread (browser mode): the engine's handlers on the parent's port. The
// console is forwarded first and the engine imported after, so its load-time output is forwarded.
if (!parentPort) throw new Error('workerEntry.js runs as a worker thread');
const port = nodeMessagePort(parentPort);
forwardConsole(port);
const data = workerData as { env?: Record<string, string | undefined> } | null;
const { serveTrainer } = await import('./serveTrainer.js');
serveTrainer(port, data?.env ?? process.env);
