import { describe, expect, it } from 'vitest';
import { startedJob } from '../train/jobState.js';
import { INITIAL_WORKSPACE, reduceWorkspace } from './workspace.js';

const epoch = (n: number) => ({
  type: 'epoch' as const,
  metrics: {
    phase: 1 as const,
    epoch: n,
    loss: 1 / n,
    accuracy: 0.5,
    learningRate: 1e-3,
    seconds: 0.01,
  },
  etaSeconds: 0,
});

describe('the workspace reducer', () => {
  it('folds a burst of job events into the current job without losing any', () => {
    let state = reduceWorkspace(INITIAL_WORKSPACE, { type: 'job', job: startedJob('j1') });
    for (const n of [1, 2, 3])
      state = reduceWorkspace(state, {
        type: 'jobEvent',
        jobId: 'j1',
        event: epoch(n),
        plannedEpochs: 3,
      });
    // Another job's events are not this job's.
    state = reduceWorkspace(state, {
      type: 'jobEvent',
      jobId: 'old',
      event: epoch(9),
      plannedEpochs: 3,
    });
    expect(state.job?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(state.runs).toHaveLength(0);
    state = reduceWorkspace(state, {
      type: 'jobFailed',
      jobId: 'j1',
      error: { code: 'CANCELLED', message: 'x' },
    });
    expect(state.job?.status).toBe('failed');
  });
});
