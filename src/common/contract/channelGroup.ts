import type { z } from 'zod';
import type { ChannelName } from './channels.js';

/** The schemas of one channel: what its request and its response may hold. */
export interface ChannelSchemas {
  request: z.ZodType;
  response: z.ZodType;
}

/**
 * Some of the contract's channels, declared in the file of their group; a name that is not in
 * channels.ts does not compile. contract.ts joins the groups and checks that none is missing.
 */
export type ChannelGroup = Partial<Record<ChannelName, ChannelSchemas>>;
