import { Alert, Box, Button, LinearProgress, Stack, TextField, Typography } from '@mui/material';
import { useEffect } from 'react';
import { AppError } from '../../src/common/errors.js';
import type { TrainSettings } from '../../src/common/training.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { useDefaultBase } from '../model/useDefaultBase.js';
import { formatDuration, startedJob, type JobState } from './jobState.js';
import { cancelTraining, startTraining } from './runningJobs.js';
import { TrainingChart } from './TrainingChart.js';

const S = STRINGS.train;

/** Settings with defaults and help, Start/Cancel, progress with ETA, and the live charts. */
export function TrainScreen() {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  useDefaultBase();
  const job = state.job;
  const settings = state.settings;
  // Phase 2 runs whenever it has epochs ("top" fine-tunes the layers after the last block).
  const planned = settings.phase1.epochs + settings.phase2.epochs;

  // The job's events fold into the workspace in its reducer, so a burst between renders loses none.
  useEffect(
    () =>
      bridge.on('job.event', ({ jobId, event }) =>
        dispatch({ type: 'jobEvent', jobId, event, plannedEpochs: planned }),
      ),
    [bridge, dispatch, planned],
  );

  if (!state.dataset) return <Alert severity="info">{S.needData}</Alert>;
  if (!state.base) return <Alert severity="info">{S.needBase}</Alert>;
  const running = job?.status === 'running';

  const start = async () => {
    if (!state.dataset || !state.base) return;
    const jobId = crypto.randomUUID();
    dispatch({ type: 'job', job: startedJob(jobId, settings, new Date().toISOString()) });
    try {
      const request = { jobId, dataset: state.dataset.path, base: state.base, settings };
      dispatch({ type: 'jobDone', jobId, result: await startTraining(bridge, request) });
    } catch (e) {
      const { code, message } = e instanceof AppError ? e : new AppError('INTERNAL', String(e));
      dispatch({ type: 'jobFailed', jobId, error: { code, message } });
    }
  };
  const set = (change: (s: TrainSettings) => TrainSettings) =>
    dispatch({ type: 'settings', settings: change(settings) });
  const number = (
    label: string,
    value: number,
    apply: (n: number) => TrainSettings,
    help?: string,
    step = 1,
  ) => (
    <TextField
      label={label}
      type="number"
      size="small"
      value={value}
      helperText={help}
      disabled={running}
      slotProps={{ htmlInput: { step, min: 0 } }}
      onChange={(e) => {
        const n = Number(e.target.value);
        if (Number.isFinite(n) && n >= 0) set(() => apply(n));
      }}
      sx={{ width: 220 }}
    />
  );

  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        {number(
          S.epochs,
          settings.phase1.epochs,
          (n) => ({ ...settings, phase1: { ...settings.phase1, epochs: Math.round(n) } }),
          S.epochsHelp,
        )}
        {number(
          S.learningRate,
          settings.phase1.learningRate,
          (n) => ({
            ...settings,
            phase1: { ...settings.phase1, learningRate: n || 1e-3 },
            phase2: { ...settings.phase2, learningRate: (n || 1e-3) / 10 },
          }),
          undefined,
          0.0001,
        )}
        {number(S.batchSize, settings.phase1.batchSize, (n) => ({
          ...settings,
          phase1: { ...settings.phase1, batchSize: Math.max(1, Math.round(n)) },
          phase2: { ...settings.phase2, batchSize: Math.max(1, Math.round(n)) },
        }))}
        {number(S.fineTuneEpochs, settings.phase2.epochs, (n) => ({
          ...settings,
          phase2: { ...settings.phase2, epochs: Math.round(n) },
        }))}
        {number(
          S.augment,
          settings.augmentation.views,
          (n) => ({
            ...settings,
            augmentation: { ...settings.augmentation, views: Math.min(16, Math.round(n)) },
          }),
          S.augmentHelp,
        )}
        {number(S.patience, settings.earlyStoppingPatience, (n) => ({
          ...settings,
          earlyStoppingPatience: Math.round(n),
        }))}
        {number(S.seed, settings.seed, (n) => ({ ...settings, seed: Math.round(n) }), S.seedHelp)}
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button variant="contained" onClick={() => void start()} disabled={running}>
          {S.start}
        </Button>
        <Button
          variant="outlined"
          disabled={!running}
          onClick={() => job && cancelTraining(job.jobId)}
        >
          {S.cancel}
        </Button>
      </Box>
      {job && <JobProgress job={job} />}
      {job && job.epochs.length + job.batches.length > 0 && (
        <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
          <TrainingChart job={job} metric="loss" />
          <TrainingChart job={job} metric="accuracy" />
        </Box>
      )}
    </Stack>
  );
}

function JobProgress({ job }: { job: JobState }) {
  const last = job.epochs.at(-1);
  const line =
    job.status === 'done'
      ? S.done(job.result?.validation?.accuracy)
      : job.stage === 'embedding' && job.embedding
        ? S.embedding(job.embedding.done, job.embedding.total, job.embedding.imagesPerSecond)
        : last
          ? `${S.epoch(last.epoch, last.phase)}${job.etaSeconds !== undefined ? ` · ${S.eta(formatDuration(job.etaSeconds))}` : ''}`
          : '';
  return (
    <Box data-testid="job-progress" data-status={job.status}>
      {job.status === 'failed' ? (
        <Alert severity="error">
          {S.failed} {job.error?.message}
        </Alert>
      ) : (
        <>
          <LinearProgress
            variant="determinate"
            value={job.progress * 100}
            aria-label={STRINGS.train.progressLabel}
          />
          <Typography variant="body2" sx={{ mt: 1 }}>
            {line}
          </Typography>
          {job.stopped && (
            <Typography variant="body2" color="text.secondary">
              {job.stopped}
            </Typography>
          )}
          {job.result?.fineTuning && (
            <Typography variant="body2" data-testid="fine-tuning-outcome">
              {job.result.fineTuning.message}
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}
