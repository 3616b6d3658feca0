import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { CHANNELS, parseRequest, type ContractHandlers } from './contract.js';
import { connectContract, serveContract, type MessagePortLike } from './rpc.js';

/** Two connected in-memory ports that deliver asynchronously, like real message ports. */
function portPair(): [MessagePortLike, MessagePortLike] {
  const make = (): MessagePortLike & { deliver(message: unknown): void } => {
    const listeners = new Set<(message: unknown) => void>();
    return {
      postMessage: () => undefined,
      onMessage: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      deliver: (message) =>
        queueMicrotask(() => listeners.forEach((l) => l(structuredClone(message)))),
    };
  };
  const a = make();
  const b = make();
  a.postMessage = (message) => b.deliver(message);
  b.postMessage = (message) => a.deliver(message);
  return [a, b];
}

function unused(): never {
  throw new Error('not used in this test');
}

/** Handlers for every channel; tests override the ones they exercise. */
function handlers(overrides: Partial<ContractHandlers>): ContractHandlers {
  const all = Object.fromEntries(CHANNELS.map((c) => [c, unused])) as unknown as ContractHandlers;
  return { ...all, ...overrides };
}

describe('the contract over a port', () => {
  it('matches responses to requests by sequence id, however they interleave', async () => {
    const [server, client] = portPair();
    serveContract(
      server,
      handlers({
        'training.cancel': async ({ jobId }) => {
          await new Promise((resolve) => setTimeout(resolve, jobId === 'slow' ? 20 : 1));
          return { cancelled: jobId === 'slow' };
        },
      }),
    );
    const rpc = connectContract(client);
    const [slow, fast] = await Promise.all([
      rpc.call('training.cancel', { jobId: 'slow' }),
      rpc.call('training.cancel', { jobId: 'fast' }),
    ]);
    expect([slow, fast]).toEqual([{ cancelled: true }, { cancelled: false }]);
  });

  it('rejects a bad payload before any handler runs, with the field and the INVALID_ARGUMENT code', async () => {
    const [server, client] = portPair();
    let called = false;
    serveContract(server, handlers({ 'dataset.scan': async () => ((called = true), unused()) }));
    const rpc = connectContract(client);
    await expect(rpc.call('dataset.scan', { path: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/path/),
    });
    await expect(rpc.call('dataset.scan', { path: 42 } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(called).toBe(false);
  });

  it('carries handler errors as { code, message, details } and unknown channels as errors', async () => {
    const [server, client] = portPair();
    serveContract(
      server,
      handlers({
        'backend.report': async () =>
          Promise.reject(new AppError('BACKEND_UNAVAILABLE', 'no backend', { tried: 4 })),
      }),
    );
    const rpc = connectContract(client);
    const error = await rpc.call('backend.report', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: 'no backend',
      details: { tried: 4 },
    });
    await expect(rpc.call('nope' as never, {} as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/Unknown channel/),
    });
  });

  it('delivers valid events to subscribers and drops malformed ones', async () => {
    const [server, client] = portPair();
    const events = serveContract(server, handlers({}));
    const rpc = connectContract(client);
    const received: unknown[] = [];
    rpc.on('job.failed', (payload) => received.push(payload));
    events.emit('job.failed', { jobId: 'j1', error: { code: 'CANCELLED', message: 'cancelled' } });
    server.postMessage({ kind: 'event', name: 'job.failed', payload: { jobId: 7 } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received).toEqual([{ jobId: 'j1', error: { code: 'CANCELLED', message: 'cancelled' } }]);
  });

  it('requires a handler for every channel (checked by the compiler)', () => {
    // @ts-expect-error — a handler map without every channel must not compile.
    const partial: ContractHandlers = { 'backend.report': unused };
    expect(Object.keys(partial)).toHaveLength(1);
    expect(() =>
      parseRequest('model.export', { modelDir: 'm', formats: ['pytorch'], out: 'o' }),
    ).toThrow(/formats/);
  });
});
