import {
  Alert,
  Box,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Line } from 'react-chartjs-2';
import '../app/charts.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { formatDuration } from '../train/jobState.js';

const S = STRINGS.runs;
const COLOURS = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02', '#d32f2f', '#0288d1'];

/** Every finished run of the session side by side: settings, accuracy, time, and their curves. */
export function RunsScreen() {
  const { state } = useWorkspace();
  if (state.runs.length === 0) return <Alert severity="info">{S.none}</Alert>;
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Table size="small" data-testid="runs-table">
        <TableHead>
          <TableRow>
            {S.columns.map((c) => (
              <TableCell key={c}>{c}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {state.runs.map((run, i) => (
            <TableRow key={run.jobId}>
              <TableCell>{i + 1}</TableCell>
              <TableCell>{run.result?.modelDir.split(/[\\/]/).pop()}</TableCell>
              <TableCell>{run.epochs.some((e) => e.phase === 2) ? 'yes' : 'no'}</TableCell>
              <TableCell>{run.epochs.length}</TableCell>
              <TableCell>
                {run.result?.validation
                  ? `${(run.result.validation.accuracy * 100).toFixed(1)}%`
                  : '–'}
              </TableCell>
              <TableCell>{formatDuration(run.epochs.reduce((t, e) => t + e.seconds, 0))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box sx={{ height: 300 }}>
        <Typography variant="subtitle1">{S.compare}</Typography>
        <Line
          role="img"
          aria-label={S.compare}
          data={{
            datasets: state.runs.map((run, i) => ({
              label: `${i + 1}`,
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
