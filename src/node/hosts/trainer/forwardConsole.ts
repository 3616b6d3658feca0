import type { EventOf } from '../../../common/contract/contract.js';
import { sendEvent, type MessagePortLike } from '../../../common/contract/rpc.js';

type Level = EventOf<'trainer.log'>['level'];

const METHODS: ['log' | 'info' | 'warn' | 'error', Level][] = [
  ['log', 'info'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
];

/**
 * Sends everything the trainer writes to the console to its host as trainer.log events (and still
 * prints it): the UI cannot see a utility process's output. Call it before importing the engine,
 * so what libraries print while loading is forwarded too.
 */
export function forwardConsole(port: MessagePortLike): void {
  for (const [method, level] of METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      original(...args);
      const message = args.map(describe).join(' ');
      sendEvent(port, 'trainer.log', { level, message });
    };
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? value.message;
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
