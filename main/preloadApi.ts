import type { IpcRenderer, WebUtils } from 'electron';
import type { DroppedFile, InvokeResult, PreloadApi } from '../src/common/contract/bridge.js';
import { CHANNEL_NAMES } from '../src/common/contract/channels.js';
import { CANCEL_CHANNEL, EVENT_CHANNEL, ipcChannel } from './ipcChannels.js';

/**
 * What the preload exposes to the page: invoking the contract's channels (and no others),
 * cancelling its own requests, receiving its events, and the path of a dropped file. No
 * ipcRenderer, no Node. Main checks ids and cancel messages; the preload stays small.
 */
export function createPreloadApi(
  ipc: Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>,
  webUtils: Pick<WebUtils, 'getPathForFile'>,
): PreloadApi {
  const channels = new Set<string>(CHANNEL_NAMES);
  return {
    invoke: async (channel, request, requestId) => {
      if (!channels.has(channel))
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: `"${channel}" is not a contract channel` },
        } satisfies InvokeResult;
      const args = requestId === undefined ? [request] : [request, requestId];
      return (await ipc.invoke(ipcChannel(channel), ...args)) as InvokeResult;
    },
    cancel: (requestId) => ipc.send(CANCEL_CHANNEL, { kind: 'cancel', id: requestId }),
    subscribe: (listener) => {
      const forward = (_event: unknown, name: unknown, payload: unknown) => {
        if (typeof name === 'string') listener(name, payload);
      };
      ipc.on(EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
    pathForFile: (file: DroppedFile) => webUtils.getPathForFile(file as File),
  };
}
