import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContractHandlers } from '../../common/contract/contract.js';
import { CONTENT_SECURITY_POLICY } from '../../common/security.js';
import { contentTypeOf } from './contentTypes.js';
import {
  serveContract,
  type ContractServer,
  type MessagePortLike,
} from '../../common/contract/rpc.js';

export interface WebServerOptions {
  /** Folder of the built renderer (index.html and its assets). */
  staticDir: string;
  /**
   * Builds the contract handlers for one connection, given where its events go; `onClose`
   * registers what to undo when the connection ends (an event subscription).
   */
  handlers: (
    emit: ContractServer['emit'],
    onClose: (cleanup: () => void) => void,
  ) => ContractHandlers;
  /** Default 0: any free port. */
  port?: number;
  /** Default: 32 random bytes, hex. */
  token?: string;
}

export interface WebServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'transfer_studio_token';
/**
 * Browser mode: the renderer served on 127.0.0.1 and the contract carried over a WebSocket to
 * the same handlers the desktop app uses. Nothing is served without the per-run token (in the
 * printed URL, then an HttpOnly same-site cookie), requests must name a loopback Host (no DNS
 * rebinding), and the socket refuses any Origin but this server's own.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const server = createServer(
    (request, response) => void serveHttp(request, response, token, options.staticDir, port()),
  );
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 2 ** 20 });
  server.on('upgrade', (request, socket, head) => {
    if (!allowed(request, token, port()) || !sameOrigin(request, port())) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connect(ws, options.handlers));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port()}/?token=${token}`,
    port: port(),
    token,
    close: () => closeAll(server, sockets),
  };
}

function connect(ws: WebSocket, handlers: WebServerOptions['handlers']): void {
  const port: MessagePortLike = {
    postMessage: (message) => ws.send(JSON.stringify(message)),
    onMessage: (listener) => {
      const onData = (data: unknown) => {
        try {
          listener(JSON.parse(String(data)));
        } catch {
          ws.close(1003, 'messages must be JSON');
        }
      };
      ws.on('message', onData);
      return () => ws.off('message', onData);
    },
  };
  const cleanups: (() => void)[] = [];
  const server = serveContract(
    port,
    handlers(
      (name, payload) => server.emit(name, payload),
      (cleanup) => cleanups.push(cleanup),
    ),
  );
  ws.on('close', () => {
    server.close();
    for (const cleanup of cleanups) cleanup();
  });
}

async function serveHttp(
  request: IncomingMessage,
  response: ServerResponse,
  token: string,
  staticDir: string,
  port: number,
): Promise<void> {
  if (!loopbackHost(request, port)) return refuse(response, 421, 'Misdirected request');
  if (!allowed(request, token, port))
    return refuse(
      response,
      403,
      'Open the address printed by "npm run web" (it carries the access token).',
    );
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
  const path = normalize(join(staticDir, relative));
  if (!path.startsWith(normalize(staticDir) + sep)) return refuse(response, 404, 'Not found');
  try {
    const body = await readFile(path);
    response.writeHead(200, {
      'content-type': contentTypeOf(path),
      'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    response.end(body);
  } catch {
    refuse(response, 404, 'Not found');
  }
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
}

/** The token comes in the URL's query (first visit) or the cookie set then. */
function allowed(request: IncomingMessage, token: string, port: number): boolean {
  if (!loopbackHost(request, port)) return false;
  const fromQuery = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  const fromCookie = /(?:^|;\s*)transfer_studio_token=([0-9a-f]+)/.exec(
    request.headers.cookie ?? '',
  )?.[1];
  return [fromQuery, fromCookie].some(
    (candidate) => candidate !== null && candidate !== undefined && equal(candidate, token),
  );
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function loopbackHost(request: IncomingMessage, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`].includes(request.headers.host ?? '');
}

function sameOrigin(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

async function closeAll(server: Server, sockets: WebSocketServer): Promise<void> {
  for (const client of sockets.clients) client.terminate();
  await new Promise<void>((resolve) => sockets.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
