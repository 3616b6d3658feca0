import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import type { InvokeResult } from '../src/common/contract/bridge.js';
import { CHANNELS, type ContractHandlers } from '../src/common/contract/contract.js';
import { AppError } from '../src/common/errors.js';
import { registerContractIpc, type IpcMainLike } from './contractIpc.js';
import { CANCEL_CHANNEL, EVENT_CHANNEL } from './ipcChannels.js';
import { createPreloadApi } from './preloadApi.js';
import { describeExit } from './utilityTrainer.js';

const APP_PAGE = 'app://ui/index.html';

function registered(handlers: Partial<ContractHandlers>) {
  const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const cancelListeners: Parameters<IpcMainLike['on']>[1][] = [];
  registerContractIpc(
    {
      handle: (channel, listener) => listeners.set(channel, listener),
      on: (channel, listener) => channel === CANCEL_CHANNEL && cancelListeners.push(listener),
    },
    handlers as ContractHandlers,
  );
  // Stand-ins for Electron's WebContents: the events main listens to, emitted by the test.
  const windows = new Map<number, EventEmitter & { id: number }>();
  const contents = (window: number) => {
    const known = windows.get(window) ?? Object.assign(new EventEmitter(), { id: window });
    windows.set(window, known);
    return known;
  };
  const event = (frameUrl: string | null, window: number) => ({
    senderFrame: frameUrl === null ? null : ({ url: frameUrl } as never),
    sender: contents(window),
  });
  const invoke = (
    channel: string,
    payload: unknown,
    frameUrl: string | null = APP_PAGE,
    requestId?: unknown,
    window = 1,
  ) =>
    listeners.get(channel)?.(event(frameUrl, window), payload, requestId) as Promise<InvokeResult>;
  const cancel = (message: unknown, frameUrl: string | null = APP_PAGE, window = 1) =>
    cancelListeners.forEach((listener) => listener(event(frameUrl, window), message));
  return { listeners, cancelListeners, invoke, cancel, contents };
}

/** A scan handler that runs until its signal aborts. */
function scanUntilAborted() {
  const seen = { started: 0, aborted: 0 };
  let onStart: () => void = () => undefined;
  const started = () => new Promise<void>((resolve) => (onStart = resolve));
  const handler: ContractHandlers['dataset.scan'] = (_request, context) =>
    new Promise((_resolve, reject) => {
      seen.started++;
      onStart();
      context?.signal.addEventListener('abort', () => {
        seen.aborted++;
        reject(new AppError('CANCELLED', 'Scan stopped'));
      });
    });
  return { handler, seen, started };
}

describe('contract over Electron IPC (main side)', () => {
  it('registers one handler per contract channel, and one cancel listener', () => {
    const { listeners, cancelListeners } = registered({});
    expect([...listeners.keys()]).toEqual(CHANNELS.map((c) => `contract:${c}`));
    expect(cancelListeners).toHaveLength(1);
  });

  it('answers the app page with an envelope that keeps error codes', async () => {
    const { invoke } = registered({
      'output.suggestPath': async ({ name }) => ({ path: `/exports/${name}` }),
    });
    expect(await invoke('contract:output.suggestPath', { kind: 'export', name: 'cats' })).toEqual({
      ok: true,
      result: { path: '/exports/cats' },
    });
    expect(await invoke('contract:output.suggestPath', { kind: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('kind') },
    });
  });

  it('refuses requests from any frame but the app’s own page, before validating or handling', async () => {
    const suggest = vi.fn(async () => ({ path: '/x' }));
    const { invoke } = registered({ 'output.suggestPath': suggest });
    for (const frame of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/', null])
      expect(await invoke('contract:output.suggestPath', { kind: 'export' }, frame)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    expect(suggest).not.toHaveBeenCalled();
  });

  it('cancels a request when its own window sends the cancel message for its id', async () => {
    const scan = scanUntilAborted();
    const { invoke, cancel } = registered({ 'dataset.scan': scan.handler });
    const started = scan.started();
    const answer = invoke('contract:dataset.scan', { path: '/data' }, APP_PAGE, 7, 1);
    await started;
    cancel({ kind: 'cancel', id: 7 }, 'https://evil.example/', 1);
    cancel({ kind: 'cancel', id: 7 }, APP_PAGE, 2);
    for (const malformed of [7, { id: 7 }, { kind: 'cancel', id: '7' }, { kind: 'cancel', id: 0 }])
      cancel(malformed);
    cancel({ kind: 'cancel', id: 8 });
    expect(scan.seen).toEqual({ started: 1, aborted: 0 });
    cancel({ kind: 'cancel', id: 7 });
    expect(await answer).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(scan.seen).toEqual({ started: 1, aborted: 1 });
  });

  it('after a reload, the new page cancels its own request 1 while the old page’s request 1 still runs', async () => {
    // The old page's request is in a step that does not stop (a folder being written).
    let finishOld: () => void = () => undefined;
    const oldStep = new Promise<void>((resolve) => (finishOld = resolve));
    const scan = scanUntilAborted();
    const { invoke, cancel, contents } = registered({
      'dataset.scan': async (request, context) => {
        if (request.path !== '/old') return scan.handler(request, context);
        await oldStep;
        return { files: { seen: 0, imported: 0, skipped: 0 } } as never;
      },
    });
    const oldAnswer = invoke('contract:dataset.scan', { path: '/old' }, APP_PAGE, 1, 1);
    contents(1).emit('did-navigate');
    const started = scan.started();
    const newAnswer = invoke('contract:dataset.scan', { path: '/new' }, APP_PAGE, 1, 1);
    await started;
    cancel({ kind: 'cancel', id: 1 });
    expect(await newAnswer).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    finishOld();
    // The old page went away mid-request: nobody reads its answer, and it says so.
    expect(await oldAnswer).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('aborts a page’s requests when it navigates, its renderer dies or its window closes', async () => {
    for (const ending of ['did-navigate', 'render-process-gone', 'destroyed']) {
      const scan = scanUntilAborted();
      const { invoke, contents } = registered({ 'dataset.scan': scan.handler });
      const started = scan.started();
      const mine = invoke('contract:dataset.scan', { path: '/data' }, APP_PAGE, 3, 1);
      const otherWindow = invoke('contract:dataset.scan', { path: '/data' }, APP_PAGE, 3, 2);
      await started;
      contents(1).emit('did-navigate-in-page');
      expect(scan.seen, 'an in-page navigation keeps the page').toMatchObject({ aborted: 0 });
      contents(1).emit(ending);
      expect(await mine, ending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(scan.seen, ending).toEqual({ started: 2, aborted: 1 });
      contents(2).emit('destroyed');
      await otherWindow;
    }
  });

  it('refuses a malformed request id, and answers a request without one', async () => {
    const { invoke } = registered({ 'output.suggestPath': async () => ({ path: '/x' }) });
    for (const id of ['7', -1, 1.5, null])
      expect(
        await invoke('contract:output.suggestPath', { kind: 'export' }, APP_PAGE, id),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await invoke('contract:output.suggestPath', { kind: 'export' })).toMatchObject({
      ok: true,
    });
  });
});

describe('the preload API', () => {
  function fakeIpc() {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    return {
      listeners,
      invoke: vi.fn(async () => ({ ok: true, result: 'answer' })),
      send: vi.fn(),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(channel, listener);
      }),
      removeListener: vi.fn((channel: string) => listeners.delete(channel)),
    };
  }

  it('invokes contract channels only; anything else is refused without reaching IPC', async () => {
    const ipc = fakeIpc();
    const api = createPreloadApi(ipc as never, { getPathForFile: () => '/x' });
    expect(await api.invoke('bases.list', {})).toEqual({ ok: true, result: 'answer' });
    expect(ipc.invoke).toHaveBeenCalledWith('contract:bases.list', {});
    expect(await api.invoke('fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('passes a request’s id along, and cancels by id with the contract’s cancel message', async () => {
    const ipc = fakeIpc();
    const api = createPreloadApi(ipc as never, { getPathForFile: () => '/x' });
    await api.invoke('dataset.scan', { path: '/data' }, 3);
    expect(ipc.invoke).toHaveBeenCalledWith('contract:dataset.scan', { path: '/data' }, 3);
    api.cancel(3);
    expect(ipc.send).toHaveBeenCalledWith(CANCEL_CHANNEL, { kind: 'cancel', id: 3 });
  });

  it('delivers events until unsubscribed, and resolves dropped files’ paths', () => {
    const ipc = fakeIpc();
    const api = createPreloadApi(ipc as never, { getPathForFile: () => '/home/s/cat.jpg' });
    const received: unknown[] = [];
    const stop = api.subscribe((name, payload) => received.push([name, payload]));
    ipc.listeners.get(EVENT_CHANNEL)?.({}, 'job.event', { jobId: 'j' });
    stop();
    expect(ipc.listeners.has(EVENT_CHANNEL)).toBe(false);
    expect(received).toEqual([['job.event', { jobId: 'j' }]]);
    expect(api.pathForFile({ name: 'cat.jpg', size: 3 })).toBe('/home/s/cat.jpg');
  });

  it('is bundled into one file that requires nothing but electron (a sandboxed preload can’t)', async () => {
    const bundle = new URL('../build/preload/preload.cjs', import.meta.url);
    expect(existsSync(bundle), 'build/preload/preload.cjs is missing: run "npm run build"').toBe(
      true,
    );
    const requires = [...(await readFile(bundle, 'utf8')).matchAll(/require\(([^)]*)\)/g)].map(
      (m) => m[1],
    );
    expect(requires).toEqual(['"electron"']);
  });
});

describe('the utility-process trainer', () => {
  it('tells a V8 heap failure (out of memory) from another crash', () => {
    expect(
      describeExit(133, 'Fatal JavaScript out of memory: Reached heap limit', 2048),
    ).toMatchObject({ reason: 'out-of-memory', message: expect.stringContaining('2048 MiB') });
    expect(describeExit(139, undefined, 2048)).toMatchObject({ reason: 'crashed', exitCode: 139 });
  });
});
