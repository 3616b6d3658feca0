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
    let release: () => void = () => undefined;
    const fastAnswered = new Promise<void>((resolve) => (release = resolve));
    serveContract(
      server,
      handlers({
        'output.suggestPath': async ({ name }) => {
          // The first request is answered only after the second: responses cross on the wire.
          if (name === 'slow') await fastAnswered;
          else release();
          return { path: `${name}-path` };
        },
      }),
    );
    const rpc = connectContract(client);
    const [slow, fast] = await Promise.all([
      rpc.call('output.suggestPath', { kind: 'export', name: 'slow' }),
      rpc.call('output.suggestPath', { kind: 'export', name: 'fast' }),
    ]);
    expect([slow, fast]).toEqual([{ path: 'slow-path' }, { path: 'fast-path' }]);
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
    const valid = {
      jobId: 'j1',
      event: { type: 'stopped' as const, reason: 'cancelled' as const, epoch: 3, message: 'Stop' },
    };
    const delivered = new Promise<void>((resolve) =>
      rpc.on('job.event', (payload) => {
        received.push(payload);
        resolve();
      }),
    );
    // Ports keep order: once the valid event arrives, the malformed one before it was dropped.
    server.postMessage({ kind: 'event', name: 'job.event', payload: { jobId: 7 } });
    events.emit('job.event', valid);
    await delivered;
    expect(received).toEqual([valid]);
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

/** A scan handler that runs until its signal aborts, reporting what it saw. */
function scanUntilAborted() {
  const seen = { started: 0, aborted: 0 };
  let onStart: () => void = () => undefined;
  const handler: ContractHandlers['dataset.scan'] = (_request, context) =>
    new Promise((_resolve, reject) => {
      seen.started++;
      onStart();
      context?.signal.addEventListener('abort', () => {
        seen.aborted++;
        reject(new AppError('CANCELLED', 'Scan stopped'));
      });
    });
  const started = () => new Promise<void>((resolve) => (onStart = resolve));
  return { handler, seen, started };
}

describe('cancelling a request', () => {
  it('aborts the handler’s signal; the call rejects CANCELLED once it stopped', async () => {
    const [server, client] = portPair();
    const scan = scanUntilAborted();
    serveContract(
      server,
      handlers({
        'dataset.scan': scan.handler,
        'output.suggestPath': async ({ kind }) => ({ path: kind }),
      }),
    );
    const rpc = connectContract(client);
    const controller = new AbortController();
    const started = scan.started();
    const call = rpc.call('dataset.scan', { path: '/data' }, { signal: controller.signal });
    await started;
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(scan.seen).toEqual({ started: 1, aborted: 1 });
    // The connection goes on: the next request is answered.
    expect(await rpc.call('output.suggestPath', { kind: 'export' })).toEqual({ path: 'export' });
  });

  it('ends CANCELLED even when the handler finishes its work after the abort', async () => {
    const [server, client] = portPair();
    let finish: () => void = () => undefined;
    const handlerStarted = new Promise<void>((resolve) => (finish = resolve));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    serveContract(
      server,
      handlers({
        'output.suggestPath': async (_request, context) => {
          context?.signal.addEventListener('abort', release);
          finish();
          await released;
          return { path: 'written anyway' };
        },
      }),
    );
    const rpc = connectContract(client);
    const controller = new AbortController();
    const call = rpc.call('output.suggestPath', { kind: 'export' }, { signal: controller.signal });
    await handlerStarted;
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('sends nothing for a signal aborted before the call', async () => {
    const [server, client] = portPair();
    const sent: unknown[] = [];
    server.onMessage((message) => sent.push(message));
    const rpc = connectContract(client);
    await expect(
      rpc.call('backend.report', {}, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(sent).toEqual([]);
  });

  it('ignores malformed cancel messages and cancels for ids not running', async () => {
    const [server, client] = portPair();
    const scan = scanUntilAborted();
    serveContract(
      server,
      handlers({
        'dataset.scan': scan.handler,
        'output.suggestPath': async ({ kind }) => ({ path: kind }),
      }),
    );
    const rpc = connectContract(client);
    const started = scan.started();
    const running = rpc.call('dataset.scan', { path: '/data' }).catch((e: unknown) => e);
    await started;
    // The scan is request 1 of this client.
    for (const cancel of [
      { kind: 'cancel' },
      { kind: 'cancel', id: '1' },
      { kind: 'cancel', id: 1.5 },
      { kind: 'cancel', id: -1 },
      { kind: 'cancel', id: [1] },
      { kind: 'cancel', id: 1, channel: 'dataset.scan' },
      { kind: 'Cancel', id: 1 },
      { kind: 'cancel', id: 99 },
    ])
      client.postMessage(cancel);
    // Ports keep order: this answer comes after every cancel above was handled.
    expect(await rpc.call('output.suggestPath', { kind: 'handIn' })).toEqual({ path: 'handIn' });
    expect(scan.seen).toEqual({ started: 1, aborted: 0 });
    client.postMessage({ kind: 'cancel', id: 1 });
    expect(await running).toMatchObject({ code: 'CANCELLED' });
    expect(scan.seen.aborted).toBe(1);
  });

  it('aborts every running request when the server closes (its caller is gone)', async () => {
    const [server, client] = portPair();
    const scan = scanUntilAborted();
    const served = serveContract(server, handlers({ 'dataset.scan': scan.handler }));
    const rpc = connectContract(client);
    const started = scan.started();
    void rpc.call('dataset.scan', { path: '/data' }).catch(() => undefined);
    await started;
    served.close();
    expect(scan.seen).toEqual({ started: 1, aborted: 1 });
    rpc.close();
  });
});
