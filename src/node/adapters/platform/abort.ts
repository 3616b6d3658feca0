import { markCommitted } from '../../../common/contract/rpc.js';
import { AppError } from '../../../common/errors.js';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
}

/**
 * Runs a step that cannot be undone (registering a folder, writing a model) unless the request
 * was cancelled first (then it throws `cancelled()`). Once it starts, a cancel no longer changes
 * the answer: the request answers with what the step did, since telling the caller "cancelled"
 * would hide work that happened.
 */
export async function commitUnlessAborted<T>(
  signal: AbortSignal | undefined,
  commit: () => Promise<T>,
  cancelled: () => AppError = () => new AppError('CANCELLED', 'Cancelled'),
): Promise<T> {
  if (signal?.aborted) throw cancelled();
  if (signal) markCommitted(signal);
  return await commit();
}
