import { useEffect } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { useWorkspace } from '../app/workspace.js';

/**
 * Folds the from-scratch job's progress into the workspace whichever tab is open, so leaving the
 * Runs tab and coming back shows the run where it is. Only that job's events: another job's
 * progress would be counted against the wrong planned epochs.
 */
export function useScratchEvents(): void {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  const scratchId = state.scratchJob?.status === 'running' ? state.scratchJob.jobId : undefined;
  useEffect(
    () =>
      scratchId === undefined
        ? undefined
        : bridge.on('job.event', ({ jobId, event }) => {
            if (jobId === scratchId) dispatch({ type: 'scratchEvent', jobId, event });
          }),
    [bridge, dispatch, scratchId],
  );
}
