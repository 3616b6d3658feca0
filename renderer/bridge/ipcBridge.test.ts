import { describe, expect, it } from 'vitest';
import type { InvokeResult, PreloadApi } from '../../src/common/contract/bridge.js';
import { ipcBridge } from './ipcBridge.js';

function fakePreload(answer: InvokeResult) {
  let listener: ((name: string, payload: unknown) => void) | undefined;
  const api: PreloadApi = {
    invoke: async () => answer,
    subscribe: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
    pathForFile: (file) => `/dropped/${file.name}`,
  };
  return { api, send: (name: string, payload: unknown) => listener?.(name, payload) };
}

describe('the Electron bridge in the renderer', () => {
  it('returns results and rethrows errors with their codes', async () => {
    const ok = ipcBridge(fakePreload({ ok: true, result: { cancelled: true } }).api);
    expect(ok.kind).toBe('electron');
    expect(await ok.call('training.cancel', { jobId: 'j' })).toEqual({ cancelled: true });
    const failing = ipcBridge(
      fakePreload({ ok: false, error: { code: 'NOT_FOUND', message: 'No such folder' } }).api,
    );
    await expect(failing.call('dataset.scan', { path: '/x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such folder',
    });
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
