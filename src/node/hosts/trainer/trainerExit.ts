import type { TrainerExit } from './trainerHost.js';

/** What the user is told when the trainer process ends on its own. */
export function trainerExit(
  reason: TrainerExit['reason'],
  exitCode: number | null,
  maxHeapMb: number,
  detail?: string,
): TrainerExit {
  const message =
    reason === 'out-of-memory'
      ? `The trainer ran out of memory (its limit is ${maxHeapMb} MiB). Try a smaller batch size or a smaller base model; your project is unchanged.`
      : `The trainer stopped unexpectedly (exit code ${exitCode}${detail ? `: ${detail}` : ''}). It restarts with the next request; your project is unchanged.`;
  return { reason, exitCode, message };
}
