import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ContractHandlers } from '../../../common/contract/contract.js';
import { AppError } from '../../../common/errors.js';
import {
  serveContract,
  type ContractServer,
  type MessagePortLike,
} from '../../../common/contract/rpc.js';
import { serveStatic, type StaticAnswer } from './staticFiles.js';

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
  /** The name of the access cookie: it carries the port, since cookies ignore ports. */
  cookieName: string;
  close(): Promise<void>;
}

/** The largest message a client may send; uploads come in chunks far below it. */
export const MAX_MESSAGE_BYTES = 16 * 2 ** 20;

/**
 * Browser mode: the renderer served on 127.0.0.1 and the contract carried over a WebSocket to
 * the same handlers the desktop app uses. Nothing is served without the access token (in the
 * printed URL, then an HttpOnly same-site session cookie named after this port), requests must name a
 * loopback Host (no DNS rebinding), and the socket refuses any Origin but this server's own. No
 * request or frame, however malformed, can stop the process: it fails that request or socket.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const server = createServer((request, response) => {
    serveHttp(request, response, token, options.staticDir, port()).catch(() => response.destroy());
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    upgrade(sockets, { request, socket, head }, token, port(), options.handlers),
  );
  await listen(server, options.port ?? 0);
  const port = () => (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port()}/?token=${token}`,
    port: port(),
    token,
    cookieName: cookieName(port()),
    close: () => closeAll(server, sockets),
  };
}

/** Listens on 127.0.0.1; a port in use rejects with a clear error instead of an 'error' event. */
function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError(
              'ALREADY_EXISTS',
              `Port ${port} is already in use (another Transfer Studio?): stop that, or choose another port with --port.`,
            )
          : error,
      );
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
}

interface Upgrade {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
}

function upgrade(
  sockets: WebSocketServer,
  { request, socket, head }: Upgrade,
  token: string,
  port: number,
  handlers: WebServerOptions['handlers'],
): void {
  // A peer resetting mid-handshake must not become an unhandled 'error' event.
  socket.on('error', () => socket.destroy());
  if (!allowed(request, token, port) || !sameOrigin(request, port)) {
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    return;
  }
  sockets.handleUpgrade(request, socket, head, (ws) => connect(ws, handlers));
}

function connect(ws: WebSocket, handlers: WebServerOptions['handlers']): void {
  // ws reports a bad frame (over the size limit, invalid UTF-8, broken framing) as an 'error'
  // and closes the socket with the matching code itself; without a listener the error would
  // take the whole server down.
  ws.on('error', () => ws.terminate());
  const cleanups: (() => void)[] = [];
  const server = serveContract(
    socketPort(ws),
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

/** The contract's view of one socket: JSON text messages; anything else closes the socket. */
function socketPort(ws: WebSocket): MessagePortLike {
  return {
    postMessage: (message) => ws.send(JSON.stringify(message)),
    onMessage: (listener) => {
      const onData = (data: RawData, isBinary: boolean) => {
        const message = isBinary ? undefined : parseJson(data);
        if (message === undefined) ws.close(1003, 'messages must be JSON text');
        else listener(message);
      };
      ws.on('message', onData);
      return () => ws.off('message', onData);
    },
  };
}

function parseJson(data: RawData): unknown {
  try {
    return JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data)) as unknown;
  } catch {
    return undefined;
  }
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
  const answer = await serveStatic(staticDir, target(request).pathname);
  send(response, answer, port, token);
}

/**
 * The cookie is a session cookie, always (no Max-Age, no Expires), even when the key is
 * remembered between runs: browsers send a 127.0.0.1 cookie to every port of that host, so any
 * other local server would receive it; it must not outlive the browser. Only the remembered file
 * keeps the key, and the printed address (a bookmark of it) carries it after a restart.
 */
function send(response: ServerResponse, answer: StaticAnswer, port: number, token: string): void {
  const cookie =
    answer.status === 200
      ? { 'set-cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/` }
      : {};
  response.writeHead(answer.status, { ...answer.headers, ...cookie }).end(answer.body);
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
}

/**
 * The request target split by hand: `new URL` throws on targets like "//", and this must never
 * throw. URLSearchParams decodes leniently.
 */
function target(request: IncomingMessage): { pathname: string; query: URLSearchParams } {
  const url = request.url ?? '/';
  const q = url.indexOf('?');
  return q < 0
    ? { pathname: url, query: new URLSearchParams() }
    : { pathname: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

/**
 * Cookies are shared by every port of a host (SameSite ignores ports), so the cookie is named
 * after this server's port: another local server can neither read ours by name nor be
 * confused by a stale one from an earlier run on another port.
 */
function cookieName(port: number): string {
  return `transfer_studio_token_${port}`;
}

/** The token comes in the URL's query (first visit) or the cookie set then. */
function allowed(request: IncomingMessage, token: string, port: number): boolean {
  if (!loopbackHost(request, port)) return false;
  const fromQuery = target(request).query.get('token');
  const fromCookie = new RegExp(`(?:^|;\\s*)${cookieName(port)}=([0-9a-f]+)`).exec(
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

/** Ends every socket and connection now: a browser's keep-alive must not hold the exit. */
async function closeAll(server: Server, sockets: WebSocketServer): Promise<void> {
  for (const client of sockets.clients) client.terminate();
  await new Promise<void>((resolve) => sockets.close(() => resolve()));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
