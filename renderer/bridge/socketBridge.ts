import { EVENTS, type EventName, type EventOf } from '../../src/common/contract/contract.js';
import type { Bridge, BridgeConnection } from '../../src/common/contract/bridge.js';
import { AppError } from '../../src/common/errors.js';
import {
  connectContract,
  type ContractClient,
  type MessagePortLike,
} from '../../src/common/contract/rpc.js';
import { STRINGS } from '../app/strings.js';

/** Waits between reconnection attempts: quick at first (a blip), then every few seconds. */
const RETRY_MS = [250, 500, 1000, 2000, 4000];

/**
 * The bridge in browser mode: the contract over a WebSocket to the loopback server that served
 * this page (its access cookie goes along with the upgrade request). When the socket closes
 * (the server stopped, the laptop slept) it keeps trying to reconnect with the same cookie, and
 * every call made meanwhile fails at once with a message the screens show, instead of waiting
 * forever on a dead socket.
 */
export async function socketBridge(url: string): Promise<Bridge> {
  const link = new SocketLink(url);
  await link.connect();
  return {
    kind: 'browser',
    call: (channel, request, options) => link.call(channel, request, options),
    on: (name, listener) => link.on(name, listener),
    pathForFile: () => undefined,
    connection: link,
  };
}

class SocketLink implements BridgeConnection {
  private client: ContractClient | undefined;
  private failed = 0;
  private attempt = 0;
  private readonly watchers = new Set<() => void>();
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  constructor(private readonly url: string) {}

  state(): 'connected' | 'reconnecting' {
    return this.client ? 'connected' : 'reconnecting';
  }

  failedCalls(): number {
    return this.failed;
  }

  // An arrow property, so React's useSyncExternalStore gets one stable function.
  subscribe = (listener: () => void): (() => void) => {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  };

  call: Bridge['call'] = (channel, request, options) => {
    if (this.client) return this.client.call(channel, request, options);
    this.failed++;
    this.changed();
    return Promise.reject(new AppError('INTERNAL', STRINGS.connection.callFailed));
  };

  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(name, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Opens the socket; resolves once it is open, rejects if it cannot open. */
  async connect(): Promise<void> {
    const socket = await openSocket(this.url);
    const client = connectContract(socketPort(socket));
    // Listeners live here, not on the client, so they outlive a reconnection.
    for (const name of Object.keys(EVENTS) as EventName[])
      client.on(name, (payload) => this.deliver(name, payload));
    socket.addEventListener('close', () => this.lost(client), { once: true });
    this.client = client;
    this.attempt = 0;
    this.failed = 0;
    this.changed();
  }

  private deliver(name: EventName, payload: unknown): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload as never);
  }

  private lost(client: ContractClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    // Calls still waiting on the dead socket fail now, visibly, instead of never settling.
    client.close(new AppError('INTERNAL', STRINGS.connection.callFailed));
    this.changed();
    this.retry();
  }

  private retry(): void {
    const wait = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)];
    setTimeout(() => this.connect().catch(() => this.retry()), wait);
  }

  private changed(): void {
    for (const watcher of this.watchers) watcher();
  }
}

function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener(
      'error',
      () => reject(new Error('Could not connect to the Transfer Studio server')),
      { once: true },
    );
  });
}

function socketPort(socket: WebSocket): MessagePortLike {
  return {
    postMessage: (message) => socket.send(JSON.stringify(message)),
    onMessage: (listener) => {
      const handle = (event: MessageEvent) => {
        try {
          listener(JSON.parse(String(event.data)));
        } catch {
          // Not JSON: not from our server; ignore it rather than break the page.
        }
      };
      socket.addEventListener('message', handle);
      return () => socket.removeEventListener('message', handle);
    },
  };
}
