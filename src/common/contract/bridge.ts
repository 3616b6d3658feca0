import type { SerializedError } from '../errors.js';
import type { Channel, EventName, EventOf, RequestOf, ResponseOf } from './contract.js';
import type { CallOptions } from './rpc.js';

/** A file the user dropped on the window (a DOM File; typed structurally to stay DOM-free). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/**
 * What the renderer talks to, whichever process is on the other side: in Electron the preload's
 * IPC bridge, in browser mode a WebSocket to the loopback server. Nothing else in the renderer
 * knows which one it runs on.
 */
export interface Bridge {
  readonly kind: 'electron' | 'browser';
  /** `options.signal` cancels the request: it then rejects with CANCELLED. */
  call<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
    options?: CallOptions,
  ): Promise<ResponseOf<C>>;
  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void;
  /** The path on disk of a dropped file (Electron only; browser pages never see paths). */
  pathForFile(file: DroppedFile): string | undefined;
  /** Browser mode only: the socket to the engine, which can go away (Electron's IPC cannot). */
  readonly connection?: BridgeConnection;
}

/** Whether the engine is reachable, for a banner: state, calls that failed meanwhile, changes. */
export interface BridgeConnection {
  state(): 'connected' | 'reconnecting';
  /** Engine calls refused since the connection was lost (each also rejects). */
  failedCalls(): number;
  subscribe(listener: () => void): () => void;
}

/** What the Electron preload exposes as `window.transferStudio`: the contract's channels only. */
export interface PreloadApi {
  /** Resolves with an envelope: Electron's IPC would turn a rejection into a bare message. */
  invoke(channel: string, request: unknown, requestId?: number): Promise<InvokeResult>;
  /** Cancels this page's request `requestId` (one passed to invoke). */
  cancel(requestId: number): void;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  pathForFile(file: DroppedFile): string;
}

export type InvokeResult = { ok: true; result: unknown } | { ok: false; error: SerializedError };

/** The name the preload exposes its API under. */
export const PRELOAD_GLOBAL = 'transferStudio';
