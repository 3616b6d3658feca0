/** IPC channel names: the contract's, prefixed so nothing else can collide with them. */
export const ipcChannel = (channel: string): string => `contract:${channel}`;

/** Where the trainer's events go to the renderer. */
export const EVENT_CHANNEL = 'contract:event';

/** Where the renderer sends the contract's cancel message for one of its requests. */
export const CANCEL_CHANNEL = 'contract:cancel';
