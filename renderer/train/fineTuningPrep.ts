import type { JobState } from './jobState.js';

/**
 * Whether phase 1 is over and fine-tuning is being set up (the base runs over the images to the
 * freeze line, the model is rebuilt): a gap of many seconds with no epoch and no ETA to show.
 * Phase 1 is over when it ran its epochs or stopped early; fine-tuning follows either way. An
 * ensemble's later heads then still train (and say so) until fine-tuning's first pass reports.
 */
export function preparingFineTuning(job: JobState): boolean {
  const settings = job.settings;
  if (job.status !== 'running' || !settings || settings.phase2.epochs <= 0) return false;
  if (job.epochs.some((e) => e.phase === 2) || job.member) return false;
  const phase1 = job.epochs.filter((e) => e.phase === 1).length;
  if (phase1 === 0) return false;
  return phase1 >= settings.phase1.epochs || job.stopped !== undefined;
}
