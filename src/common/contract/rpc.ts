import {
  AppError,
  ERROR_CODES,
  serializeError,
  type ErrorCode,
  type SerializedError,
} from '../errors.js';
import {
  EVENTS,
  isChannel,
  parseRequest,
  type Channel,
  type ContractHandlers,
  type EventName,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from './contract.js';

/**
 * The contract carried over any message port: Electron's MessagePortMain, a worker's MessagePort,
 * a WebSocket. Requests carry sequence ids; errors travel as { code, message, details }.
 */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  /** Subscribes to incoming messages; returns the unsubscribe function. */
  onMessage(listener: (message: unknown) => void): () => void;
}

type Wire =
  | { kind: 'request'; id: number; channel: string; payload: unknown }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: SerializedError }
  | { kind: 'event'; name: string; payload: unknown };

function isWire(message: unknown): message is Wire {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { kind?: unknown }).kind === 'string'
  );
}

export interface ContractServer {
  emit<E extends EventName>(name: E, payload: EventOf<E>): void;
  close(): void;
}

/**
 * Answers contract requests arriving on `port` with `handlers`, validating every payload first.
 * A process may serve part of the contract (the trainer has no dialogs): a channel it has no
 * handler for is answered with UNSUPPORTED.
 */
export function serveContract(
  port: MessagePortLike,
  handlers: Partial<ContractHandlers>,
): ContractServer {
  const unsubscribe = port.onMessage((message) => {
    if (!isWire(message) || message.kind !== 'request') return;
    void answer(port, handlers, message);
  });
  return { emit: (name, payload) => sendEvent(port, name, payload), close: unsubscribe };
}

/** Sends one event on `port` without serving requests (a process reporting before it serves). */
export function sendEvent<E extends EventName>(
  port: MessagePortLike,
  name: E,
  payload: EventOf<E>,
): void {
  port.postMessage({ kind: 'event', name, payload } satisfies Wire);
}

async function answer(
  port: MessagePortLike,
  handlers: Partial<ContractHandlers>,
  request: Extract<Wire, { kind: 'request' }>,
): Promise<void> {
  try {
    if (!isChannel(request.channel))
      throw new AppError('INVALID_ARGUMENT', `Unknown channel "${String(request.channel)}"`);
    const channel: Channel = request.channel;
    const payload = parseRequest(channel, request.payload);
    const handler = handlers[channel] as ((payload: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw new AppError('UNSUPPORTED', `"${channel}" is not available here`);
    port.postMessage({
      kind: 'response',
      id: request.id,
      ok: true,
      result: await handler(payload),
    } satisfies Wire);
  } catch (error) {
    port.postMessage({
      kind: 'response',
      id: request.id,
      ok: false,
      error: serializeError(error),
    } satisfies Wire);
  }
}

export interface ContractClient {
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void;
  /** Stops listening; calls still waiting fail with `reason` (default: CANCELLED). */
  close(reason?: AppError): void;
}

/** The calling side: typed calls by channel name, and typed event subscriptions. */
export function connectContract(port: MessagePortLike): ContractClient {
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: unknown) => void }
  >();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const unsubscribe = port.onMessage((message) => {
    if (!isWire(message)) return;
    if (message.kind === 'response') {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.result);
      else waiting?.reject(toAppError(message.error));
    } else if (message.kind === 'event' && Object.hasOwn(EVENTS, message.name)) {
      const parsed = EVENTS[message.name as EventName].safeParse(message.payload);
      if (!parsed.success) return;
      for (const listener of listeners.get(message.name) ?? []) listener(parsed.data as never);
    }
  });
  return {
    call: (channel, request) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        port.postMessage({ kind: 'request', id, channel, payload: request } satisfies Wire);
      }),
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    close: (reason = new AppError('CANCELLED', 'The connection closed')) => {
      unsubscribe();
      for (const waiting of pending.values()) waiting.reject(reason);
      pending.clear();
    },
  };
}

function toAppError(error: SerializedError): AppError {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(error.code)
    ? error.code
    : 'INTERNAL';
  return new AppError(code, error.message, error.details);
}
