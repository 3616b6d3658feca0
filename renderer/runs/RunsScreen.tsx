import {
  Alert,
  Box,
  Button,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Line } from 'react-chartjs-2';
import '../app/charts.js';
import { useBridge } from '../app/bridgeContext.js';
import { HeaderRow } from '../app/HeaderRow.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { formatDuration } from '../train/jobState.js';

const S = STRINGS.runs;
const COLOURS = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02', '#d32f2f', '#0288d1'];

/** Every finished run of the session side by side: settings, accuracy, time, and their curves. */
export function RunsScreen() {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (state.runs.length === 0 && state.pastRuns.length === 0)
    return <Alert severity="info">{S.none}</Alert>;
  const scratch = state.scratch;
  const compare = async () => {
    if (!state.dataset) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await bridge.call('training.scratch', {
        dataset: state.dataset.path,
        seed: state.settings.seed,
      });
      dispatch({ type: 'scratch', result });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const past = state.pastRuns.length;
  const curves = [
    ...state.pastRuns.map((run, i) => ({ label: `${i + 1}`, epochs: run.history })),
    ...state.runs.map((run, i) => ({ label: `${past + i + 1}`, epochs: run.epochs })),
    ...(scratch ? [{ label: S.scratchLabel, epochs: scratch.history }] : []),
  ];
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Box>
        <Button variant="outlined" onClick={() => void compare()} disabled={busy || !state.dataset}>
          {S.scratch}
        </Button>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {S.scratchHelp}
        </Typography>
        {busy && <LinearProgress sx={{ mt: 1 }} />}
        {error && <Alert severity="error">{error}</Alert>}
      </Box>
      <Table size="small" data-testid="runs-table">
        <HeaderRow columns={S.columns} />
        <TableBody>
          {state.pastRuns.map((run, i) => (
            <TableRow key={run.id} data-testid="past-run">
              <TableCell>{i + 1}</TableCell>
              <TableCell>{run.modelDir?.split(/[\\/]/).pop() ?? S.modelGone}</TableCell>
              <TableCell>{run.history.some((e) => e.phase === 2) ? S.yes : S.no}</TableCell>
              <TableCell>{run.history.length}</TableCell>
              <TableCell>
                {run.validationAccuracy !== undefined
                  ? `${(run.validationAccuracy * 100).toFixed(1)}%`
                  : '–'}
              </TableCell>
              <TableCell>
                {formatDuration(run.history.reduce((t, e) => t + e.seconds, 0))}
              </TableCell>
            </TableRow>
          ))}
          {state.runs.map((run, i) => (
            <TableRow key={run.jobId}>
              <TableCell>{past + i + 1}</TableCell>
              <TableCell>{run.result?.modelDir.split(/[\\/]/).pop()}</TableCell>
              <TableCell>{run.epochs.some((e) => e.phase === 2) ? S.yes : S.no}</TableCell>
              <TableCell>{run.epochs.length}</TableCell>
              <TableCell>
                {run.result?.validation
                  ? `${(run.result.validation.accuracy * 100).toFixed(1)}%`
                  : '–'}
              </TableCell>
              <TableCell>{formatDuration(run.epochs.reduce((t, e) => t + e.seconds, 0))}</TableCell>
            </TableRow>
          ))}
          {scratch && (
            <TableRow data-testid="scratch-row">
              <TableCell>{S.scratchLabel}</TableCell>
              <TableCell>{S.scratchModel(scratch.parameters)}</TableCell>
              <TableCell>{S.no}</TableCell>
              <TableCell>{scratch.history.length}</TableCell>
              <TableCell>{`${(scratch.accuracy * 100).toFixed(1)}%`}</TableCell>
              <TableCell>{formatDuration(scratch.seconds)}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Box sx={{ height: 300 }}>
        <Typography variant="subtitle1">{S.compare}</Typography>
        <Line
          role="img"
          aria-label={S.compare}
          data={{
            datasets: curves.map((run, i) => ({
              label: run.label,
              data: run.epochs.flatMap((e, n) =>
                e.valAccuracy === undefined ? [] : [{ x: n + 1, y: e.valAccuracy }],
              ),
              borderColor: COLOURS[i % COLOURS.length],
            })),
          }}
          options={{
            animation: false,
            maintainAspectRatio: false,
            parsing: false,
            scales: { x: { type: 'linear', min: 0 }, y: { type: 'linear', min: 0, max: 1 } },
          }}
        />
      </Box>
    </Stack>
  );
}
