import { z } from 'zod';

/**
 * Wall-clock seconds of a run's training steps: phase 1 with every head of the ensemble, fine-
 * tuning (its activations pass included) and the refit (every head again). The epochs' own
 * `seconds` are the first head's only, so they understate an ensemble's training time. Absent in
 * models trained before these were recorded.
 */
export const phaseSecondsSchema = z.object({
  phase1: z.number().nonnegative(),
  fineTuning: z.number().nonnegative().optional(),
  refit: z.number().nonnegative().optional(),
});
export type PhaseSeconds = z.infer<typeof phaseSecondsSchema>;

/**
 * A run's training time: its phases' wall time where recorded, else (older models, from-scratch
 * and text runs) the sum of its epochs' seconds. Non-finite numbers (a hand-edited record) count 0.
 */
export function trainingSeconds(run: {
  phaseSeconds?: Partial<PhaseSeconds> | undefined;
  history: readonly { seconds: number }[];
}): number {
  const parts = run.phaseSeconds
    ? [run.phaseSeconds.phase1, run.phaseSeconds.fineTuning, run.phaseSeconds.refit]
    : run.history.map((m) => m.seconds);
  return parts.reduce<number>(
    (sum, s) => sum + (typeof s === 'number' && Number.isFinite(s) ? s : 0),
    0,
  );
}
