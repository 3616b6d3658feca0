import {
  Alert,
  Box,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { Line } from 'react-chartjs-2';
import '../app/charts.js';
import { HeaderRow } from '../app/HeaderRow.js';
import { STRINGS } from '../app/strings.js';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { useWorkspace } from '../app/workspace.js';
import { formatDuration } from '../train/jobState.js';
import { beforeRefitNote, refitOfRun, runRows, type RunRow } from './runRows.js';
import { ScratchRun } from './ScratchRun.js';

const S = STRINGS.runs;
const COLOURS = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02', '#d32f2f', '#0288d1'];

/**
 * Every run of the project side by side, transfer learning and from scratch alike: the model,
 * settings, the accuracy each reports (its kept epoch's, from the one evaluation every run uses),
 * time, and their curves with the kept epoch marked.
 */
export function RunsScreen() {
  const { state } = useWorkspace();
  const rows = runRows(state);
  const text = state.dataset?.report.modality === 'text';
  if (rows.length === 0 && !state.scratchJob) return <Alert severity="info">{S.none}</Alert>;
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <ScratchRun />
      <Table size="small" data-testid="runs-table">
        <HeaderRow columns={S.columns} />
        <TableBody>
          {rows.map((row) => (
            <RunTableRow key={row.key} row={row} text={text} />
          ))}
        </TableBody>
      </Table>
      <Typography variant="body2" color="text.secondary">
        {S.keptHelp}
      </Typography>
      <RunCurves rows={rows} />
    </Stack>
  );
}

function RunTableRow({ row, text }: { row: RunRow; text: boolean }) {
  const { state } = useWorkspace();
  // An earlier session's run: its model folder says whether it was refit.
  const info = useBridgeQuery(
    'model.info',
    row.past && row.modelDir ? { modelDir: row.modelDir } : undefined,
  );
  const note = beforeRefitNote(row.accuracy, refitOfRun(row, state, info.data));
  return (
    <TableRow data-testid={testId(row)}>
      <TableCell>{label(row)}</TableCell>
      <TableCell>
        {row.recipe === 'scratch' ? <ScratchModel row={row} text={text} /> : <BaseName row={row} />}
      </TableCell>
      <TableCell>{row.fineTuned ? S.yes : S.no}</TableCell>
      <TableCell>{row.epochs.length}</TableCell>
      <TableCell>
        {row.accuracy === undefined
          ? '–'
          : row.bestEpoch !== undefined
            ? S.keptEpoch(row.accuracy, row.bestEpoch)
            : `${(row.accuracy * 100).toFixed(1)}%`}
        {note && (
          <Tooltip title={note.explanation}>
            <span data-testid="refit-note">{note.mark}</span>
          </Tooltip>
        )}
      </TableCell>
      <TableCell>{formatDuration(row.seconds)}</TableCell>
    </TableRow>
  );
}

/**
 * What a from-scratch run trained, by its own model's record (a run on another dataset than the
 * one open now keeps its own kind); the open dataset's kind while that record is read or gone.
 */
function ScratchModel({ row, text }: { row: RunRow; text: boolean }) {
  const info = useBridgeQuery('model.info', row.modelDir ? { modelDir: row.modelDir } : undefined);
  const modality = info.data?.modality ?? (info.data ? 'image' : text ? 'text' : 'image');
  return <>{modality === 'text' ? S.scratchModelText : S.scratchModel}</>;
}

/** The base a transfer run trained on, as its model folder records it. */
function BaseName({ row }: { row: RunRow }) {
  const asked = row.base === undefined && row.modelDir ? { modelDir: row.modelDir } : undefined;
  const info = useBridgeQuery('model.info', asked);
  if (row.base) return <>{row.base}</>;
  if (!row.modelDir || info.error) return <>{S.modelGone}</>;
  return <>{info.data?.base ?? S.modelLoading}</>;
}

function testId(row: RunRow): string {
  if (row.recipe === 'scratch') return 'scratch-row';
  return row.past ? 'past-run' : 'run-row';
}

function label(row: RunRow): string {
  return row.recipe === 'scratch' ? `${row.number} (${S.scratchLabel})` : String(row.number);
}

function RunCurves({ rows }: { rows: RunRow[] }) {
  return (
    <Box sx={{ height: 300 }}>
      <Typography variant="subtitle1">{S.compare}</Typography>
      <Line
        role="img"
        aria-label={S.compare}
        data={{
          datasets: rows.map((row, i) => {
            const points = row.epochs.flatMap((e, n) =>
              e.valAccuracy === undefined ? [] : [{ x: n + 1, y: e.valAccuracy, epoch: e.epoch }],
            );
            return {
              label: label(row),
              data: points,
              borderColor: COLOURS[i % COLOURS.length],
              borderDash: row.recipe === 'scratch' ? [6, 4] : [],
              // The kept epoch: the accuracy the table reports for this run.
              pointRadius: points.map((p) => (p.epoch === row.bestEpoch ? 6 : 2)),
            };
          }),
        }}
        options={{
          animation: false,
          maintainAspectRatio: false,
          parsing: false,
          scales: { x: { type: 'linear', min: 0 }, y: { type: 'linear', min: 0, max: 1 } },
        }}
      />
    </Box>
  );
}
