import { PRELOAD_GLOBAL, type Bridge, type PreloadApi } from '../../src/common/contract/bridge.js';
import { ipcBridge } from './ipcBridge.js';
import { socketBridge } from './socketBridge.js';

/** The preload's API when running in Electron, otherwise the loopback server's WebSocket. */
export function chooseBridge(scope: Record<string, unknown>, location: Location): Promise<Bridge> {
  const api = scope[PRELOAD_GLOBAL] as PreloadApi | undefined;
  if (api) return Promise.resolve(ipcBridge(api));
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return socketBridge(`${protocol}//${location.host}/contract`);
}
