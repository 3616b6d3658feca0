import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import type { InvokeResult } from '../src/common/contract/bridge.js';
import { CHANNELS, type ContractHandlers } from '../src/common/contract/contract.js';
import { registerContractIpc, type IpcMainLike } from './contractIpc.js';
import { EVENT_CHANNEL } from './ipcChannels.js';
import { createPreloadApi } from './preloadApi.js';
import { describeExit } from './utilityTrainer.js';

function registered(handlers: Partial<ContractHandlers>) {
  const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  registerContractIpc(
    { handle: (channel, listener) => listeners.set(channel, listener) },
    handlers as ContractHandlers,
  );
  const invoke = (
    channel: string,
    payload: unknown,
    frameUrl: string | null = 'app://ui/index.html',
  ) =>
    listeners.get(channel)?.(
      { senderFrame: frameUrl === null ? null : ({ url: frameUrl } as never) },
      payload,
    ) as Promise<InvokeResult>;
  return { listeners, invoke };
}

describe('contract over Electron IPC (main side)', () => {
  it('registers one handler per contract channel', () => {
    const { listeners } = registered({});
    expect([...listeners.keys()]).toEqual(CHANNELS.map((c) => `contract:${c}`));
  });

  it('answers the app page with an envelope that keeps error codes', async () => {
    const { invoke } = registered({
      'training.cancel': async ({ jobId }) => ({ cancelled: jobId === 'j1' }),
    });
    expect(await invoke('contract:training.cancel', { jobId: 'j1' })).toEqual({
      ok: true,
      result: { cancelled: true },
    });
    expect(await invoke('contract:training.cancel', { jobId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('jobId') },
    });
  });

  it('refuses requests from any frame but the app’s own page, before validating or handling', async () => {
    const cancel = vi.fn(async () => ({ cancelled: true }));
    const { invoke } = registered({ 'training.cancel': cancel });
    for (const frame of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/', null])
      expect(await invoke('contract:training.cancel', { jobId: 'j1' }, frame)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    expect(cancel).not.toHaveBeenCalled();
  });
});

describe('the preload API', () => {
  function fakeIpc() {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    return {
      listeners,
      invoke: vi.fn(async () => ({ ok: true, result: 'answer' })),
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

  it('delivers events until unsubscribed, and resolves dropped files’ paths', () => {
    const ipc = fakeIpc();
    const api = createPreloadApi(ipc as never, { getPathForFile: () => '/home/s/cat.jpg' });
    const received: unknown[] = [];
    const stop = api.subscribe((name, payload) => received.push([name, payload]));
    ipc.listeners.get(EVENT_CHANNEL)?.({}, 'job.done', { jobId: 'j' });
    stop();
    expect(ipc.listeners.has(EVENT_CHANNEL)).toBe(false);
    expect(received).toEqual([['job.done', { jobId: 'j' }]]);
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
