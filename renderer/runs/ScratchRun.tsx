import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { formatDuration, startedJob } from '../train/jobState.js';
import { scratchProgress } from './runRows.js';
import { cancelScratchRun, startScratchRun } from './scratchRuns.js';

const S = STRINGS.runs;

/**
 * Starts the from-scratch comparison on the project's dataset and settings (same split and seed as
 * its transfer runs), shows how far it is with the time left, and cancels it.
 */
export function ScratchRun() {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  const job = state.scratchJob;
  const running = job?.status === 'running';
  const text = state.dataset?.report.modality === 'text';

  // Its progress reaches the workspace through useScratchEvents, whichever tab is open.
  const start = async () => {
    if (!state.dataset) return;
    const jobId = crypto.randomUUID();
    dispatch({
      type: 'scratchJob',
      job: startedJob(jobId, state.settings, new Date().toISOString()),
    });
    try {
      const request = { jobId, dataset: state.dataset.path, settings: state.settings };
      dispatch({ type: 'jobDone', jobId, result: await startScratchRun(bridge, request) });
    } catch (e) {
      const { code, message } = e instanceof AppError ? e : new AppError('INTERNAL', String(e));
      dispatch({ type: 'jobFailed', jobId, error: { code, message } });
    }
  };

  const progress = job && scratchProgress(job.epochs, job.etaSeconds);
  return (
    <Box>
      <Stack direction="row" spacing={2} alignItems="center">
        <Button
          variant="outlined"
          onClick={() => void start()}
          disabled={running || !state.dataset}
        >
          {S.scratch}
        </Button>
        {running && <Button onClick={() => cancelScratchRun(job.jobId)}>{S.scratchCancel}</Button>}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {text ? S.scratchHelpText : S.scratchHelp}
      </Typography>
      {running && (
        <Box sx={{ mt: 1 }} data-testid="scratch-progress">
          <LinearProgress
            variant={progress ? 'determinate' : 'indeterminate'}
            value={(progress?.fraction ?? 0) * 100}
          />
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            {progress
              ? S.scratchEpoch(job.epochs.length, formatDuration(progress.secondsLeft))
              : text
                ? S.scratchStartingText
                : S.scratchStarting}
          </Typography>
        </Box>
      )}
      {job?.status === 'failed' &&
        (job.error?.code === 'CANCELLED' ? (
          <Alert severity="info">{S.scratchCancelled}</Alert>
        ) : (
          <Alert severity="error">{job.error?.message}</Alert>
        ))}
    </Box>
  );
}
