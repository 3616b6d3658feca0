import { z } from 'zod';
import { backendReportSchema } from '../backend.js';
import { AppError, type SerializedError } from '../errors.js';
import { BASES_CONTRACT } from './basesContract.js';
import type { ChannelSchemas } from './channelGroup.js';
import { CHANNEL_NAMES, type ChannelName } from './channels.js';
import { DATASET_CONTRACT } from './datasetContract.js';
import { EVENTS } from './events.js';
import { MODEL_CONTRACT } from './modelContract.js';
import { PROJECT_CONTRACT } from './projectContract.js';
import { SHELL_CONTRACT } from './shellContract.js';
import { TRAINING_CONTRACT } from './trainingContract.js';

export {
  MAX_FRAME_BASE64,
  MAX_FRAMES_BASE64_PER_MESSAGE,
  MAX_FRAMES_PER_MESSAGE,
} from './datasetContract.js';

/**
 * Every request between renderer, main and trainer, declared once: channel → request and response
 * schemas. Handlers are typed from it (a channel without a handler does not compile) and every
 * incoming payload is validated against it.
 *
 * Each group of channels is declared in its own file (datasetContract.ts, modelContract.ts, …):
 * add a channel there, beside its neighbours.
 */
export const CONTRACT = {
  'backend.report': { request: z.object({}), response: backendReportSchema },
  ...DATASET_CONTRACT,
  ...BASES_CONTRACT,
  ...TRAINING_CONTRACT,
  ...MODEL_CONTRACT,
  ...PROJECT_CONTRACT,
  ...SHELL_CONTRACT,
} as const satisfies Record<ChannelName, ChannelSchemas>;

export { EVENTS };

export type Channel = keyof typeof CONTRACT;
/** Channels the desktop shell answers itself (native dialogs); the trainer answers the rest. */
export type ShellChannel = Extract<Channel, `shell.${string}`>;
export type EngineChannel = Exclude<Channel, ShellChannel>;
export type RequestOf<C extends Channel> = z.input<(typeof CONTRACT)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CONTRACT)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof CONTRACT)[C]['response']>;
export type EventName = keyof typeof EVENTS;
export type EventOf<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** What a handler knows of its request besides the payload. */
export interface RequestContext {
  /** Aborted when the caller cancels (or goes away): the handler stops and rejects CANCELLED. */
  signal: AbortSignal;
}

/**
 * One handler per channel: leaving one out is a type error. The transports always pass a
 * context; a direct call (a test, a host wiring handlers together) may leave it out.
 */
export type ContractHandlers = {
  [C in Channel]: (request: ParsedRequestOf<C>, context?: RequestContext) => Promise<ResponseOf<C>>;
};
export type EngineHandlers = Pick<ContractHandlers, EngineChannel>;
export type ShellHandlers = Pick<ContractHandlers, ShellChannel>;

export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;
export const SHELL_CHANNELS = CHANNELS.filter((c): c is ShellChannel => c.startsWith('shell.'));
export const ENGINE_CHANNELS = CHANNELS.filter((c): c is EngineChannel => !c.startsWith('shell.'));

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(CONTRACT, value);
}

/** Validates an incoming request; a bad payload is an INVALID_ARGUMENT error naming the fields. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): ParsedRequestOf<C> {
  const parsed = CONTRACT[channel].request.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(payload)'}: ${i.message}`,
    );
    throw new AppError('INVALID_ARGUMENT', `Invalid ${channel} request: ${problems.join('; ')}`, {
      problems,
    });
  }
  return parsed.data as ParsedRequestOf<C>;
}

export type { SerializedError };
