import { z } from 'zod';
import {
  AppError,
  ERROR_CODES,
  isAbortError,
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
  | { kind: 'event'; name: string; payload: unknown }
  | CancelMessage;

/** A request's id: what a cancel names, on every transport (ports, the socket, Electron's IPC). */
export const requestIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The one cancel message, for any request: the caller aborted the request with this id. It is
 * checked like any other message; one that does not match exactly is ignored.
 */
export const cancelMessageSchema = z.strictObject({
  kind: z.literal('cancel'),
  id: requestIdSchema,
});
export type CancelMessage = z.infer<typeof cancelMessageSchema>;

/** What a caller may add to a call. */
export interface CallOptions {
  /**
   * Aborting it cancels the request: the other side aborts its handler's signal, the handler
   * stops, and the call rejects with CANCELLED once it has.
   */
  signal?: AbortSignal;
}

/** The error a cancelled request ends with, whichever side noticed first. */
export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'The request was cancelled');
}

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
  // Only this port's own requests: a cancel from another connection finds nothing here.
  const inFlight = new InFlightRequests();
  const unsubscribe = port.onMessage((message) => {
    if (!isWire(message)) return;
    if (message.kind === 'request') void answer(port, handlers, message, inFlight);
    else if (message.kind === 'cancel') inFlight.cancel(message);
  });
  return {
    emit: (name, payload) => sendEvent(port, name, payload),
    // Whoever closes the connection will read no answer: its requests' work stops.
    close: () => {
      unsubscribe();
      inFlight.cancelAll();
    },
  };
}

/** The requests a server is answering, by id, each with the controller of its signal. */
export class InFlightRequests<Id = number> {
  private readonly all = new Set<AbortController>();
  private readonly byId = new Map<Id, AbortController>();

  /**
   * A signal for the request `id`, cancellable by id until `finished` runs. A request without a
   * usable id, or reusing the id of one still running, is stopped only by `cancelAll`.
   */
  start(id: Id | undefined): { signal: AbortSignal; finished: () => void } {
    const controller = new AbortController();
    this.all.add(controller);
    const named = id !== undefined && !this.byId.has(id);
    if (named) this.byId.set(id, controller);
    return {
      signal: controller.signal,
      finished: () => {
        this.all.delete(controller);
        if (named && this.byId.get(id) === controller) this.byId.delete(id);
      },
    };
  }

  /**
   * Aborts the request a well-formed cancel names (`idOf` scopes its id, e.g. to a window). An
   * unknown id or a malformed message does nothing. Returns whether a request was aborted.
   */
  cancel(message: unknown, idOf: (message: CancelMessage) => Id = (m) => m.id as Id): boolean {
    const parsed = cancelMessageSchema.safeParse(message);
    if (!parsed.success) return false;
    const controller = this.byId.get(idOf(parsed.data));
    controller?.abort(cancelledError());
    return controller !== undefined;
  }

  /** Aborts every request still running (the connection is going away). */
  cancelAll(): void {
    for (const controller of this.all) controller.abort(cancelledError());
  }
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
  inFlight: InFlightRequests,
): Promise<void> {
  const id = requestIdSchema.safeParse(request.id);
  const { signal, finished } = inFlight.start(id.success ? id.data : undefined);
  try {
    const result = await handle(handlers, request.channel, request.payload, signal);
    port.postMessage({ kind: 'response', id: request.id, ok: true, result } satisfies Wire);
  } catch (error) {
    port.postMessage({
      kind: 'response',
      id: request.id,
      ok: false,
      error: serializeError(error),
    } satisfies Wire);
  } finally {
    finished();
  }
}

/** Signals whose request passed its point of no return (see `markCommitted`). */
const committedSignals = new WeakSet<AbortSignal>();

/**
 * Says that the request with this signal has started a step it cannot undo (a folder registered,
 * a model written): from now on it answers with its outcome, even if a cancel arrives. Call it
 * right after checking the signal, before the step (`commitUnlessAborted` does both). A host that
 * forwards the request to another process marks it once that process answered, since that answer
 * already follows this rule.
 */
export function markCommitted(signal: AbortSignal): void {
  committedSignals.add(signal);
}

export function isCommitted(signal: AbortSignal): boolean {
  return committedSignals.has(signal);
}

/**
 * Validates a request and runs its handler with `signal`. A request cancelled meanwhile ends
 * CANCELLED, whatever its handler did after the abort (the caller has stopped waiting for it),
 * unless the handler had committed (`markCommitted`): then its result or error is the answer,
 * so the caller learns what was done.
 */
export async function handle(
  handlers: Partial<ContractHandlers>,
  channelName: unknown,
  payload: unknown,
  signal: AbortSignal,
): Promise<unknown> {
  try {
    if (!isChannel(channelName))
      throw new AppError('INVALID_ARGUMENT', `Unknown channel "${String(channelName)}"`);
    const channel: Channel = channelName;
    const request = parseRequest(channel, payload);
    const handler = handlers[channel] as
      ((request: unknown, context: { signal: AbortSignal }) => Promise<unknown>) | undefined;
    if (!handler) throw new AppError('UNSUPPORTED', `"${channel}" is not available here`);
    const result = await handler(request, { signal });
    if (signal.aborted && !isCommitted(signal)) throw cancelledError();
    return result;
  } catch (error) {
    // The handler's own CANCELLED error says best what stopped; anything else after the abort
    // (a read that failed because the work was torn down) is reported as the cancel it was.
    throw signal.aborted && !isCommitted(signal) && !isAbortError(error) ? cancelledError() : error;
  }
}

export interface ContractClient {
  call<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
    options?: CallOptions,
  ): Promise<ResponseOf<C>>;
  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void;
  /** Stops listening; calls still waiting fail with `reason` (default: CANCELLED). */
  close(reason?: AppError): void;
}

/** The calling side: typed calls by channel name, and typed event subscriptions. */
export function connectContract(port: MessagePortLike): ContractClient {
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: unknown) => void; settled: () => void }
  >();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const unsubscribe = port.onMessage((message) => {
    if (!isWire(message)) return;
    if (message.kind === 'response') {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      waiting?.settled();
      if (message.ok) waiting?.resolve(message.result);
      else waiting?.reject(toAppError(message.error));
    } else if (message.kind === 'event' && Object.hasOwn(EVENTS, message.name)) {
      const parsed = EVENTS[message.name as EventName].safeParse(message.payload);
      if (!parsed.success) return;
      for (const listener of listeners.get(message.name) ?? []) listener(parsed.data as never);
    }
  });
  return {
    call: (channel, request, { signal } = {}) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(cancelledError());
        const id = nextId++;
        // The call settles with the server's answer (CANCELLED once its handler has stopped),
        // so a caller that awaits it knows the work is over.
        const sendCancel = () => port.postMessage({ kind: 'cancel', id } satisfies Wire);
        signal?.addEventListener('abort', sendCancel, { once: true });
        pending.set(id, {
          resolve: resolve as (value: unknown) => void,
          reject,
          settled: () => signal?.removeEventListener('abort', sendCancel),
        });
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
      for (const waiting of pending.values()) {
        waiting.settled();
        waiting.reject(reason);
      }
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
