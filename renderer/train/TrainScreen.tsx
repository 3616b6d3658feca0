import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { useDefaultBase } from '../model/useDefaultBase.js';
import { useTextBase } from '../model/useTextBase.js';
import { plannedEpochs, startedJob, type JobState } from './jobState.js';
import { progressLine } from './progressLine.js';
import { cancelTraining, startTraining } from './runningJobs.js';
import { SettingField } from './SettingField.js';
import { TrainingChart } from './TrainingChart.js';
import {
  checkField,
  fieldsFor,
  invalidFields,
  shownText,
  type Drafts,
  type NumberField,
} from './trainFields.js';

const S = STRINGS.train;

/** Settings with defaults and help, Start/Cancel, progress with ETA, and the live charts. */
export function TrainScreen() {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  useDefaultBase();
  useTextBase();
  const job = state.job;
  const settings = state.settings;
  const [drafts, setDrafts] = useState<Drafts>({});
  const text = state.dataset?.report.modality === 'text';
  const planned = plannedEpochs(settings, text ? 'text' : 'image');

  // The job's events fold into the workspace in its reducer, so a burst between renders loses none.
  useEffect(
    () =>
      bridge.on('job.event', ({ jobId, event }) =>
        dispatch({ type: 'jobEvent', jobId, event, plannedEpochs: planned }),
      ),
    [bridge, dispatch, planned],
  );

  const running = job?.status === 'running';
  const fields = fieldsFor(text ? 'text' : 'image');
  const invalid = invalidFields(drafts, fields);
  // Why Start cannot be pressed, said next to it rather than after a failed click.
  const blocked = !state.dataset
    ? S.needData
    : !state.base
      ? S.needBase
      : invalid.length > 0
        ? S.fixFields
        : undefined;

  const start = async () => {
    if (!state.dataset || !state.base || invalid.length > 0) return;
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
  const edit = (field: NumberField, text: string) => {
    setDrafts((d) => ({ ...d, [field.id]: text }));
    const check = checkField(field, text);
    if (check.ok) dispatch({ type: 'settings', settings: field.apply(settings, check.value) });
  };

  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        {fields.map((field) => (
          <SettingField
            key={field.id}
            field={field}
            text={shownText(field, settings, drafts[field.id])}
            disabled={running}
            onChange={(typed) => edit(field, typed)}
          />
        ))}
      </Box>
      {text && (
        <Typography variant="body2" color="text.secondary" data-testid="no-fine-tuning">
          {STRINGS.text.noFineTuning}
        </Typography>
      )}
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          variant="contained"
          onClick={() => void start()}
          disabled={running || blocked !== undefined}
        >
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
      {blocked && !running && (
        <Alert severity="info" data-testid="start-blocked">
          {blocked}
        </Alert>
      )}
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
  const line = progressLine(job);
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
          {job.result?.refit && (
            <Typography variant="body2" color="text.secondary" data-testid="refit-outcome">
              {S.refitOutcome(job.result.refit.epochs, job.result.refit.images)}
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}
