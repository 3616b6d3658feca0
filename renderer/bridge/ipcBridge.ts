import {
  EVENTS,
  type Channel,
  type EventName,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from '../../src/common/contract/contract.js';
import type { Bridge, PreloadApi } from '../../src/common/contract/bridge.js';
import { cancelledError, type CallOptions } from '../../src/common/contract/rpc.js';
import { AppError, ERROR_CODES, type ErrorCode } from '../../src/common/errors.js';

/** The bridge in Electron: the preload's `window.transferStudio`. */
export function ipcBridge(api: PreloadApi): Bridge {
  let nextId = 1;
  const listeners = new Map<string, Set<(payload: never) => void>>();
  api.subscribe((name, payload) => {
    if (!Object.hasOwn(EVENTS, name)) return;
    const parsed = EVENTS[name as EventName].safeParse(payload);
    if (!parsed.success) return;
    for (const listener of listeners.get(name) ?? []) listener(parsed.data as never);
  });
  return {
    kind: 'electron',
    call: async <C extends Channel>(
      channel: C,
      request: RequestOf<C>,
      { signal }: CallOptions = {},
    ) => {
      if (signal?.aborted) throw cancelledError();
      const id = nextId++;
      // Main answers CANCELLED once the handler has stopped; the call waits for that answer.
      const cancel = () => api.cancel(id);
      signal?.addEventListener('abort', cancel, { once: true });
      const outcome = await api
        .invoke(channel, request, id)
        .finally(() => signal?.removeEventListener('abort', cancel));
      if (outcome.ok) return outcome.result as ResponseOf<C>;
      const code = (ERROR_CODES as readonly string[]).includes(outcome.error.code)
        ? (outcome.error.code as ErrorCode)
        : 'INTERNAL';
      throw new AppError(code, outcome.error.message, outcome.error.details);
    },
    on: <E extends EventName>(name: E, listener: (payload: EventOf<E>) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    pathForFile: (file) => api.pathForFile(file),
  };
}
