import type { Bridge } from '../../src/common/contract/bridge.js';
import type { RequestOf } from '../../src/common/contract/contract.js';
import type { TrainResult } from '../train/jobState.js';

/**
 * The from-scratch runs this page started, by job id: kept outside the Runs screen so that Cancel
 * still reaches one after the student switched tabs and came back.
 */
const running = new Map<string, AbortController>();

/** Starts the from-scratch comparison named `jobId`; it settles when it ends (CANCELLED if cancelled). */
export function startScratchRun(
  bridge: Bridge,
  request: RequestOf<'training.scratch'> & { jobId: string },
): Promise<TrainResult> {
  const controller = new AbortController();
  running.set(request.jobId, controller);
  return bridge
    .call('training.scratch', request, { signal: controller.signal })
    .finally(() => running.delete(request.jobId));
}

export function cancelScratchRun(jobId: string): void {
  running.get(jobId)?.abort();
}
