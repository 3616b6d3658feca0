import type { Bridge } from '../../src/common/contract/bridge.js';
import type { RequestOf } from '../../src/common/contract/contract.js';
import type { TrainResult } from './jobState.js';

/**
 * The trainings this page started, by job id: kept outside the screen so that Cancel still
 * reaches a training after the student switched tabs and came back.
 */
const running = new Map<string, AbortController>();

/** Starts a training named `jobId`; it settles when the training ends (CANCELLED if cancelled). */
export function startTraining(
  bridge: Bridge,
  request: RequestOf<'training.start'> & { jobId: string },
): Promise<TrainResult> {
  const controller = new AbortController();
  running.set(request.jobId, controller);
  return bridge
    .call('training.start', request, { signal: controller.signal })
    .finally(() => running.delete(request.jobId));
}

/** Cancels the training `jobId` if this page is running it. */
export function cancelTraining(jobId: string): void {
  running.get(jobId)?.abort();
}
