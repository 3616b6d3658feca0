import { parentPort, workerData } from 'node:worker_threads';
import { nodeMessagePort } from '../adapters/rpc/nodePort.js';
import { serveTrainer } from '../hosts/trainer/serveTrainer.js';
import { fileGatedSource, GATE_DIR_ENV } from './fileGate.js';

// The trainer in a worker thread, as workerEntry.ts runs it, except that its first scan waits
// mid-way at a gate the test opens: a cancel crossing into the worker lands while it runs.
if (!parentPort) throw new Error('gatedWorkerEntry.js runs as a worker thread');
const { env } = workerData as { env: Record<string, string | undefined> };
const gateDir = env[GATE_DIR_ENV];
if (!gateDir) throw new Error(`${GATE_DIR_ENV} names no folder for the gate`);
serveTrainer(nodeMessagePort(parentPort), env, fileGatedSource(gateDir, { entry: 10 }));
