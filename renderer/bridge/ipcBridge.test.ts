import { describe, expect, it } from 'vitest';
import type { InvokeResult, PreloadApi } from '../../src/common/contract/bridge.js';
import { ipcBridge } from './ipcBridge.js';

function fakePreload(answer: InvokeResult) {
  let listener: ((name: string, payload: unknown) => void) | undefined;
  const invoked: { channel: string; requestId: number | undefined }[] = [];
  const cancelled: number[] = [];
  let answerCancelled: () => void = () => undefined;
  const api: PreloadApi = {
    invoke: (channel, _request, requestId) => {
      invoked.push({ channel, requestId });
      if (channel !== 'dataset.scan') return Promise.resolve(answer);
      // A scan runs until main cancels it, as the trainer would.
      return new Promise((resolve) => {
        answerCancelled = () =>
          resolve({ ok: false, error: { code: 'CANCELLED', message: 'Scan stopped' } });
      });
    },
    cancel: (requestId) => {
      cancelled.push(requestId);
      answerCancelled();
    },
    subscribe: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
    pathForFile: (file) => `/dropped/${file.name}`,
  };
  return {
    api,
    invoked,
    cancelled,
    send: (name: string, payload: unknown) => listener?.(name, payload),
  };
}

describe('the Electron bridge in the renderer', () => {
  it('returns results and rethrows errors with their codes', async () => {
    const ok = ipcBridge(fakePreload({ ok: true, result: { path: '/exports/cats' } }).api);
    expect(ok.kind).toBe('electron');
    expect(await ok.call('output.suggestPath', { kind: 'export', name: 'cats' })).toEqual({
      path: '/exports/cats',
    });
    const failing = ipcBridge(
      fakePreload({ ok: false, error: { code: 'NOT_FOUND', message: 'No such folder' } }).api,
    );
    await expect(failing.call('backend.report', {})).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such folder',
    });
  });

  it('numbers each call, and cancels the one whose signal aborts', async () => {
    const preload = fakePreload({ ok: true, result: { path: '/x' } });
    const bridge = ipcBridge(preload.api);
    await bridge.call('output.suggestPath', { kind: 'export' });
    const controller = new AbortController();
    const scan = bridge.call('dataset.scan', { path: '/data' }, { signal: controller.signal });
    controller.abort();
    await expect(scan).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(preload.invoked).toEqual([
      { channel: 'output.suggestPath', requestId: 1 },
      { channel: 'dataset.scan', requestId: 2 },
    ]);
    expect(preload.cancelled).toEqual([2]);
    // Aborting after the answer, or before the call, sends no cancel and no request.
    controller.abort();
    await expect(
      bridge.call('backend.report', {}, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(preload.cancelled).toEqual([2]);
    expect(preload.invoked).toHaveLength(2);
  });

  it('delivers only well-formed contract events, and resolves dropped files', () => {
    const preload = fakePreload({ ok: true, result: null });
    const bridge = ipcBridge(preload.api);
    const logs: unknown[] = [];
    const stop = bridge.on('trainer.log', (payload) => logs.push(payload));
    preload.send('trainer.log', { level: 'warn', message: 'disk almost full' });
    preload.send('trainer.log', { level: 'shout', message: 'malformed' });
    preload.send('not.an.event', {});
    stop();
    preload.send('trainer.log', { level: 'info', message: 'after unsubscribe' });
    expect(logs).toEqual([{ level: 'warn', message: 'disk almost full' }]);
    expect(bridge.pathForFile({ name: 'cat.jpg', size: 1 })).toBe('/dropped/cat.jpg');
  });
});
