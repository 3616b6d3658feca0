import type { JobState } from './jobState.js';

export interface Point {
  x: number;
  y: number;
}

export interface ChartSeries {
  train: Point[];
  validation: Point[];
  batches: Point[];
  /** x of the phase boundary (fine-tuning starts), when there is one. */
  boundary?: number;
}

/** Loss or accuracy over epochs for training and validation, per batch too, across both phases. */
export function chartSeries(job: JobState, metric: 'loss' | 'accuracy'): ChartSeries {
  const valKey = metric === 'loss' ? 'valLoss' : 'valAccuracy';
  return {
    train: job.epochs.map((e, i) => ({ x: i + 1, y: e[metric] })),
    validation: job.epochs.flatMap((e, i) => {
      const value = e[valKey];
      return value === undefined ? [] : [{ x: i + 1, y: value }];
    }),
    batches: job.batches.map((b) => ({ x: b.x, y: b[metric] })),
    ...(job.phase2StartsAt === undefined ? {} : { boundary: job.phase2StartsAt + 0.5 }),
  };
}
