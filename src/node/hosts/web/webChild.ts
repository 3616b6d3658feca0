import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import WebSocket from 'ws';
import { CHANNELS, type ContractHandlers } from '../../../common/contract/contract.js';
import { connectContract, type ContractClient } from '../../../common/contract/rpc.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { startWebServer, type WebServer } from './webServer.js';

/**
 * `npm run web` as a user runs it, in a child process, for tests and benchmarks that must see it
 * from outside: its memory, its exit on a signal. Needs the build (dist/ and build/renderer).
 */
export interface WebChild {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startWebChild(env: NodeJS.ProcessEnv): Promise<WebChild> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'web.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await printedUrl(child);
  const parsed = new URL(url);
  return {
    child,
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    exited,
  };
}

/** Waits for the address the server prints once it listens. */
function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(text);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`npm run web exited (${code}): ${text}`)));
  });
}

/** A contract client over a WebSocket, as the page would open it (origin and cookie). */
export async function contractSocket(
  server: Pick<WebChild, 'port' | 'token'>,
): Promise<{ ws: WebSocket; rpc: ContractClient }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/contract`, {
    headers: {
      origin: `http://127.0.0.1:${server.port}`,
      cookie: `transfer_studio_token_${server.port}=${server.token}`,
    },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const rpc = contractOver(ws);
  ws.once('close', () => rpc.close());
  return { ws, rpc };
}

/** The contract's client side over an open WebSocket, as the page's bridge carries it. */
export function contractOver(ws: WebSocket): ContractClient {
  return connectContract({
    postMessage: (message) => ws.send(JSON.stringify(message)),
    onMessage: (listener) => {
      const handler = (data: WebSocket.RawData) => listener(JSON.parse(String(data)));
      ws.on('message', handler);
      return () => ws.off('message', handler);
    },
  });
}

/**
 * The browser-mode server in this process with every channel refusing ("unused") except
 * `output.suggestPath`, which answers with the name it was given: enough to test serving, access
 * and the socket itself.
 */
export function startStubWebServer(staticDir: string): Promise<WebServer> {
  const unused = () => Promise.reject(new Error('unused'));
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [c, unused]),
  ) as unknown as ContractHandlers;
  return startWebServer({
    staticDir,
    handlers: () => ({
      ...handlers,
      'output.suggestPath': async ({ name }) => ({ path: name ?? '' }),
    }),
  });
}

/** The resident memory of a process, in bytes (Linux: /proc; elsewhere: ps). */
export async function rssOf(pid: number): Promise<number> {
  if (process.platform === 'linux') {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' })) * 1024;
}

export interface UploadMeasure {
  path: string;
  baselineRss: number;
  peakRss: number;
  seconds: number;
}

/**
 * Uploads `bytes` of one zip-named file the way the page does (chunks of `chunk` bytes, one
 * message each, each awaited), sampling the server's RSS after every answer.
 */
export async function measureUpload(
  server: WebChild,
  rpc: ContractClient,
  bytes: number,
  chunk = 2 ** 20,
): Promise<UploadMeasure> {
  const base64 = Buffer.alloc(chunk, 0x5a).toString('base64');
  const request = (offset: number, into?: string) =>
    rpc.call('dataset.upload', {
      name: 'big.zip',
      files: [{ path: 'big.zip', base64, ...(offset ? { offset } : {}) }],
      ...(into ? { into } : {}),
    });
  const pid = server.child.pid ?? 0;
  const started = Date.now();
  const first = await request(0);
  const baselineRss = await rssOf(pid);
  let peakRss = baselineRss;
  for (let offset = chunk; offset < bytes; offset += chunk) {
    await request(offset, first.folder);
    peakRss = Math.max(peakRss, await rssOf(pid));
  }
  return { path: first.path, baselineRss, peakRss, seconds: (Date.now() - started) / 1000 };
}
