import type { IpcMainInvokeEvent } from 'electron';
import type { InvokeResult } from '../src/common/contract/bridge.js';
import { CHANNELS, type ContractHandlers } from '../src/common/contract/contract.js';
import { handle, InFlightRequests, requestIdSchema } from '../src/common/contract/rpc.js';
import { AppError, serializeError } from '../src/common/errors.js';
import { isAppUrl } from './appOrigin.js';
import { CANCEL_CHANNEL, ipcChannel } from './ipcChannels.js';

/**
 * What main needs of the window that sent a request (Electron's WebContents): its id, and the
 * events that end the page it shows.
 */
export interface SenderContents {
  readonly id: number;
  on(event: 'did-navigate' | 'render-process-gone' | 'destroyed', listener: () => void): unknown;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: SenderContents };

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
 * rejection to its message). A request that names an id can be cancelled by the same page with
 * the contract's cancel message on CANCEL_CHANNEL.
 */
export function registerContractIpc(ipc: IpcMainLike, handlers: ContractHandlers): void {
  const pages = new PageRequests();
  for (const channel of CHANNELS) {
    ipc.handle(ipcChannel(channel), async (event, payload, requestId): Promise<InvokeResult> => {
      let finished: (() => void) | undefined;
      try {
        refuseOtherFrames(event, channel);
        const request = pages.of(event.sender).start(requestIdOf(requestId));
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
    if (isAppUrl(event.senderFrame?.url ?? '')) pages.existing(event.sender)?.cancel(message);
  });
}

/**
 * The requests of the page each window shows now. Ids are the page's own and start again at 1
 * when a page loads, so each page load gets a table of its own: a new page's cancel can only
 * reach the new page's requests, and the old page's requests, whose answers nobody will read,
 * are aborted when it goes (a training included).
 */
class PageRequests {
  private readonly pages = new Map<number, InFlightRequests>();

  of(contents: SenderContents): InFlightRequests {
    const page = this.pages.get(contents.id);
    if (page) return page;
    const fresh = new InFlightRequests();
    this.pages.set(contents.id, fresh);
    this.watch(contents);
    return fresh;
  }

  existing(contents: SenderContents): InFlightRequests | undefined {
    return this.pages.get(contents.id);
  }

  private watch(contents: SenderContents): void {
    // did-navigate, not did-start-navigation: a navigation that starts may still be refused
    // (guardContents) and leave the page, and its training, where they were. A committed one is
    // reported before the new document can send anything, so no new request lands in the old
    // table. In-page (hash) navigations keep the page and are not reported here.
    contents.on('did-navigate', () => this.replacePage(contents.id));
    contents.on('render-process-gone', () => this.replacePage(contents.id));
    contents.on('destroyed', () => {
      this.pages.get(contents.id)?.cancelAll();
      this.pages.delete(contents.id);
    });
  }

  private replacePage(id: number): void {
    this.pages.get(id)?.cancelAll();
    if (this.pages.has(id)) this.pages.set(id, new InFlightRequests());
  }
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
