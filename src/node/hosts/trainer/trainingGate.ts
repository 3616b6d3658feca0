import type { EngineHandlers } from '../../../common/contract/contract.js';
import { AppError } from '../../../common/errors.js';

/** The channels that train: each sets up the process's tensor backend for itself. */
export const TRAINING_CHANNELS = ['training.start', 'training.scratch'] as const;

/**
 * One training at a time in a trainer: a scratch run may switch the process's tfjs backend to
 * cpu (scratchBackend.ts) under a transfer run using another one, and two runs would share the
 * heap the trainer is capped to. A second one is refused at once, not queued: a queued run would
 * show no progress and look stuck, and the student decides whether to wait or cancel.
 */
export function oneTrainingAtATime(handlers: EngineHandlers): EngineHandlers {
  let running: string | undefined;
  const guarded = { ...handlers };
  for (const channel of TRAINING_CHANNELS) {
    const train = handlers[channel] as (request: never, context: never) => Promise<unknown>;
    (guarded as Record<string, unknown>)[channel] = async (request: never, context: never) => {
      if (running !== undefined) throw trainingBusy(running);
      running = channel;
      try {
        return await train(request, context);
      } finally {
        running = undefined;
      }
    };
  }
  return guarded;
}

function trainingBusy(running: string): AppError {
  return new AppError(
    'TRAINING_BUSY',
    'A training is already running: wait for it to finish or cancel it first.',
    { running },
  );
}
