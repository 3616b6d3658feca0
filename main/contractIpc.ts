import type { IpcMainInvokeEvent } from 'electron';
import type { InvokeResult } from '../src/common/contract/bridge.js';
import { CHANNELS, parseRequest, type ContractHandlers } from '../src/common/contract/contract.js';
import { AppError, serializeError } from '../src/common/errors.js';
import { isAppUrl } from './appOrigin.js';
import { ipcChannel } from './ipcChannels.js';

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: SenderEvent, payload: unknown) => Promise<unknown>,
  ): void;
}

/**
 * One IPC handler per contract channel. Each checks that the request comes from the app's own
 * page (not a frame some content managed to load), validates the payload against the contract,
 * and answers with an envelope, so error codes survive the trip (Electron would reduce a
 * rejection to its message).
 */
export function registerContractIpc(ipc: IpcMainLike, handlers: ContractHandlers): void {
  for (const channel of CHANNELS) {
    ipc.handle(ipcChannel(channel), async (event, payload): Promise<InvokeResult> => {
      try {
        const url = event.senderFrame?.url ?? '';
        if (!isAppUrl(url))
          throw new AppError(
            'FORBIDDEN',
            `Refused a ${channel} request from ${url || 'an unknown frame'}`,
          );
        const request = parseRequest(channel, payload);
        const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
        return { ok: true, result: await handler(request) };
      } catch (error) {
        return { ok: false, error: serializeError(error) };
      }
    });
  }
}
