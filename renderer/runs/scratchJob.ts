import type { Workspace, WorkspaceAction } from '../app/workspace.js';
import { applyTrainEvent, failedJob, finishedJob } from '../train/jobState.js';

/**
 * The from-scratch job's share of the workspace reducer: its events (`scratchEvent`, from
 * useScratchEvents) and its end fold into `scratchJob`, and once it is done it joins the session's runs,
 * so the project records it like any run. `undefined`: the action is not about it.
 */
export function applyScratchAction(
  state: Workspace,
  action: WorkspaceAction,
): Workspace | undefined {
  const job = state.scratchJob;
  if (!job || !('jobId' in action) || action.jobId !== job.jobId) return undefined;
  switch (action.type) {
    case 'scratchEvent':
      // Its epochs are counted from its own timings (scratchProgress), not against a plan.
      return { ...state, scratchJob: applyTrainEvent(job, action.event, 0) };
    case 'jobDone': {
      const done = finishedJob(job, action.result);
      return { ...state, scratchJob: done, runs: [...state.runs, done] };
    }
    case 'jobFailed':
      return { ...state, scratchJob: failedJob(job, action.error) };
    default:
      return undefined;
  }
}
