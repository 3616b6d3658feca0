import { z } from 'zod';
import type { ChannelGroup } from './channelGroup.js';

/** The shell.* channels, answered by the desktop shell (native dialogs, camera permission). */
export const SHELL_CONTRACT = {
  'shell.pickDataset': {
    request: z.object({ kind: z.enum(['folder', 'zip']) }),
    response: z.object({ path: z.string().nullable() }),
  },
  'shell.pickFolder': {
    request: z.object({ purpose: z.enum(['export', 'project', 'pack']) }),
    response: z.object({ path: z.string().nullable() }),
  },
  'shell.showInFolder': {
    request: z.object({ path: z.string().min(1) }),
    response: z.object({ shown: z.boolean() }),
  },
  /**
   * The user asked for the camera: the desktop app then lets this page's next video request
   * through (`armed`); browser mode leaves the question to the browser.
   */
  'shell.requestCamera': {
    request: z.object({}),
    response: z.object({ armed: z.boolean() }),
  },
} as const satisfies ChannelGroup;
