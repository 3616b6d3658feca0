import type { IpcMainInvokeEvent } from 'electron';
import type { InvokeResult } from '../src/common/contract/bridge.js';
import { CHANNELS, type ContractHandlers } from '../src/common/contract/contract.js';
import { handle, InFlightRequests, requestIdSchema } from '../src/common/contract/rpc.js';
import { AppError, serializeError } from '../src/common/errors.js';
import { isAppUrl } from './appOrigin.js';
import { CANCEL_CHANNEL, ipcChannel } from './ipcChannels.js';

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: SenderEvent, payload: unknown, requestId?: unknown) => Promise<unknown>,
  ): void;
  on(channel: string, listener: (event: SenderEvent, message: unknown) => void): void;
}

/**
 * One IPC handler per contract channel. Each checks that the request comes from the app's own
 * page (not a frame some content managed to load), validates the payload against the contract,
 * and answers with an envelope, so error codes survive the trip (Electron would reduce a
 * rejection to its message). A request that names an id can be cancelled by the same window
 * with the contract's cancel message on CANCEL_CHANNEL.
 */
export function registerContractIpc(ipc: IpcMainLike, handlers: ContractHandlers): void {
  // Ids are the renderer's own: scoped to the window that sent them, so none can cancel another's.
  const inFlight = new InFlightRequests<string>();
  const scoped = (event: SenderEvent, id: number) => `${event.sender.id}:${id}`;
  for (const channel of CHANNELS) {
    ipc.handle(ipcChannel(channel), async (event, payload, requestId): Promise<InvokeResult> => {
      let finished: (() => void) | undefined;
      try {
        refuseOtherFrames(event, channel);
        const id = requestIdOf(requestId);
        const request = inFlight.start(id === undefined ? undefined : scoped(event, id));
        finished = request.finished;
        return { ok: true, result: await handle(handlers, channel, payload, request.signal) };
      } catch (error) {
        return { ok: false, error: serializeError(error) };
      } finally {
        finished?.();
      }
    });
  }
  ipc.on(CANCEL_CHANNEL, (event, message) => {
    if (isAppUrl(event.senderFrame?.url ?? ''))
      inFlight.cancel(message, (cancel) => scoped(event, cancel.id));
  });
}

function refuseOtherFrames(event: SenderEvent, channel: string): void {
  const url = event.senderFrame?.url ?? '';
  if (!isAppUrl(url))
    throw new AppError(
      'FORBIDDEN',
      `Refused a ${channel} request from ${url || 'an unknown frame'}`,
    );
}

/** A request may come without an id (it cannot be cancelled then), never with a malformed one. */
function requestIdOf(requestId: unknown): number | undefined {
  if (requestId === undefined) return undefined;
  const parsed = requestIdSchema.safeParse(requestId);
  if (!parsed.success)
    throw new AppError('INVALID_ARGUMENT', 'A request id must be a positive whole number');
  return parsed.data;
}
