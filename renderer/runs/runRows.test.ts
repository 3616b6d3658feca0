import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, type EpochMetrics } from '../../src/common/training.js';
import { projectFromWorkspace } from '../app/projectState.js';
import { INITIAL_WORKSPACE, reduceWorkspace, type Workspace } from '../app/workspace.js';
import { startedJob, type TrainResult } from '../train/jobState.js';
import { runRows, scratchProgress } from './runRows.js';

const metrics = (epoch: number, valAccuracy: number, seconds = 2): EpochMetrics => ({
  phase: 1,
  epoch,
  loss: 1 / epoch,
  accuracy: 0.5,
  valLoss: 1 / epoch,
  valAccuracy,
  learningRate: 3e-3,
  seconds,
});

function scratchResult(history: EpochMetrics[], bestEpoch: number, accuracy: number): TrainResult {
  return {
    modelDir: '/home/s/.transfer-studio/runs/2026-11-30T10-00-00 fashion',
    recipe: 'scratch',
    classes: ['bag', 'sneaker'],
    counts: { train: 96, validation: 24 },
    history,
    bestEpoch,
    validation: {
      classes: ['bag', 'sneaker'],
      count: 24,
      accuracy,
      topK: { k: 2, accuracy: 1 },
      confusion: [
        [10, 2],
        [3, 9],
      ],
      perClass: [],
      misclassified: [],
      highestLoss: [],
    },
    validationPaths: [],
    backend: 'cpu',
    embedding: { engine: 'tfjs', device: 'cpu', imagesPerSecond: 900, cached: 0 },
    timings: {},
  };
}

const withProject: Workspace = {
  ...INITIAL_WORKSPACE,
  project: { folder: '/p', name: 'fashion', createdAt: '2026-11-30T09:00:00.000Z' },
  dataset: { path: '/data/fashion', report: { images: [], classes: [] } as never },
  pastRuns: [
    {
      id: 'transfer-1',
      startedAt: '2026-11-29T10:00:00.000Z',
      modelDir: '/runs/a',
      settings: DEFAULT_TRAIN_SETTINGS,
      validationAccuracy: 0.9,
      history: [metrics(1, 0.8), metrics(2, 0.9)],
      base: 'MobileNet V2 0.35',
      bestEpoch: 2,
    },
  ],
};

describe('the from-scratch run in the workspace and the Runs table', () => {
  it('folds its events into its own job, leaving the transfer job alone, and joins the runs when done', () => {
    let state = reduceWorkspace(withProject, { type: 'job', job: startedJob('transfer-2') });
    state = reduceWorkspace(state, { type: 'scratchJob', job: startedJob('scratch-1') });
    const history = [metrics(1, 0.4), metrics(2, 0.475), metrics(3, 0.59)];
    for (const m of history)
      for (const type of ['scratchEvent', 'jobEvent'] as const) {
        // The Train screen forwards every job's events as jobEvent: the scratch job ignores those,
        // so with both listening each epoch is counted once.
        const event = { type: 'epoch' as const, metrics: m, etaSeconds: 2 * (30 - m.epoch) };
        state =
          type === 'scratchEvent'
            ? reduceWorkspace(state, { type, jobId: 'scratch-1', event })
            : reduceWorkspace(state, { type, jobId: 'scratch-1', event, plannedEpochs: 20 });
      }
    expect(state.scratchJob?.epochs).toEqual(history);
    expect(state.job?.epochs).toEqual([]);
    expect(scratchProgress(state.scratchJob?.epochs ?? [], state.scratchJob?.etaSeconds)).toEqual({
      fraction: 6 / 60,
      secondsLeft: 54,
    });

    const revision = state.revision;
    state = reduceWorkspace(state, {
      type: 'jobDone',
      jobId: 'scratch-1',
      result: scratchResult(history, 2, 0.475),
    });
    expect(state.revision).toBeGreaterThan(revision);
    const rows = runRows(state);
    expect(rows.map((r) => [r.number, r.recipe, r.bestEpoch, r.accuracy])).toEqual([
      [1, 'transfer', 2, 0.9],
      [2, 'scratch', 2, 0.475],
    ]);
    // The reported accuracy is a point on the plotted curve: the kept epoch's.
    const scratch = rows[1];
    expect(scratch?.epochs.find((e) => e.epoch === scratch.bestEpoch)?.valAccuracy).toBe(
      scratch?.accuracy,
    );
    expect(rows[0]?.base).toBe('MobileNet V2 0.35');

    // The project file records it as a scratch run with its model folder.
    const project = projectFromWorkspace(state, new Date('2026-11-30T10:05:00.000Z'));
    expect(project?.runs.at(-1)).toMatchObject({
      id: 'scratch-1',
      recipe: 'scratch',
      modelDir: '/home/s/.transfer-studio/runs/2026-11-30T10-00-00 fashion',
      validationAccuracy: 0.475,
    });
  });

  it('keeps a cancelled run out of the runs and the project', () => {
    let state = reduceWorkspace(withProject, { type: 'scratchJob', job: startedJob('scratch-2') });
    state = reduceWorkspace(state, {
      type: 'jobFailed',
      jobId: 'scratch-2',
      error: { code: 'CANCELLED', message: 'The request was cancelled' },
    });
    expect(state.scratchJob?.status).toBe('failed');
    expect(runRows(state).map((r) => r.key)).toEqual(['transfer-1']);
    expect(projectFromWorkspace(state, new Date())?.runs.map((r) => r.id)).toEqual(['transfer-1']);
  });

  it('calls a run fine-tuned only when the model it kept came from fine-tuning', () => {
    const phase2 = (epoch: number, valAccuracy: number) => ({
      ...metrics(epoch, valAccuracy),
      phase: 2 as const,
    });
    const history = [metrics(1, 0.6), metrics(2, 0.7), phase2(3, 0.65), phase2(4, 0.66)];
    const past = (bestEpoch: number) => ({
      id: `r${bestEpoch}`,
      startedAt: '2026-11-30T10:00:00.000Z',
      settings: DEFAULT_TRAIN_SETTINGS,
      history,
      bestEpoch,
    });
    const rows = runRows({ pastRuns: [past(2), past(4)], runs: [] });
    expect(rows.map((r) => r.fineTuned)).toEqual([false, true]);
  });
});
