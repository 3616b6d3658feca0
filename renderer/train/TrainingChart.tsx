import { Box, Typography, useTheme } from '@mui/material';
import type { ChartDataset } from 'chart.js';
import '../app/charts.js';
import { Line } from 'react-chartjs-2';
import { STRINGS } from '../app/strings.js';
import { chartSeries } from './chartSeries.js';
import type { JobState } from './jobState.js';

const S = STRINGS.train;

/** One metric (loss or accuracy) over the run: per batch, per epoch, training and validation. */
export function TrainingChart({ job, metric }: { job: JobState; metric: 'loss' | 'accuracy' }) {
  const theme = useTheme();
  const series = chartSeries(job, metric);
  const values = [...series.train, ...series.validation, ...series.batches].map((p) => p.y);
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = [
    {
      label: S.series.batches,
      data: series.batches,
      borderColor: theme.palette.primary.light,
      borderWidth: 1,
      pointRadius: 0,
    },
    {
      label: S.series.train,
      data: series.train,
      borderColor: theme.palette.primary.main,
      pointRadius: 2,
    },
    {
      label: S.series.validation,
      data: series.validation,
      borderColor: theme.palette.secondary.main,
      pointRadius: 2,
    },
  ];
  if (series.boundary !== undefined && values.length > 0)
    datasets.push({
      label: S.phaseBoundary,
      data: [
        { x: series.boundary, y: Math.min(...values) },
        { x: series.boundary, y: Math.max(...values) },
      ],
      borderColor: theme.palette.text.secondary,
      borderDash: [4, 4],
      pointRadius: 0,
    });
  return (
    <Box
      sx={{ height: 260 }}
      data-testid={`chart-${metric}`}
      data-points={series.train.length + series.validation.length + series.batches.length}
    >
      <Typography variant="subtitle1">{metric === 'loss' ? S.loss : S.accuracy}</Typography>
      <Line
        aria-label={metric === 'loss' ? S.loss : S.accuracy}
        role="img"
        data={{ datasets }}
        options={{
          animation: false,
          maintainAspectRatio: false,
          parsing: false,
          scales: { x: { type: 'linear', min: 0 }, y: { type: 'linear' } },
          plugins: { legend: { labels: { color: theme.palette.text.primary } } },
        }}
      />
    </Box>
  );
}
