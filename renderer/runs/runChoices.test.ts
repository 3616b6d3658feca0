import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, type EpochMetrics } from '../../src/common/training.js';
import {
  currentModelDir,
  INITIAL_WORKSPACE,
  reduceWorkspace,
  type PastRun,
  type Workspace,
} from '../app/workspace.js';
import { startedJob, type TrainResult } from '../train/jobState.js';
import { runChoices } from './runChoices.js';

const epoch = (n: number, valAccuracy: number): EpochMetrics => ({
  phase: 1,
  epoch: n,
  loss: 1 / n,
  accuracy: 0.5,
  valLoss: 1 / n,
  valAccuracy,
  learningRate: 1e-3,
  seconds: 3,
});

const past = (id: string, modelDir: string | undefined, recipe?: 'scratch'): PastRun => ({
  id,
  startedAt: '2026-11-29T10:00:00.000Z',
  ...(modelDir ? { modelDir } : {}),
  settings: DEFAULT_TRAIN_SETTINGS,
  validationAccuracy: 0.8,
  history: [epoch(1, 0.8)],
  ...(recipe ? { recipe } : {}),
});

function result(modelDir: string, accuracy: number): TrainResult {
  return {
    modelDir,
    classes: ['bag', 'sneaker'],
    counts: { train: 80, validation: 20 },
    history: [epoch(1, accuracy)],
    bestEpoch: 1,
    validation: {
      classes: ['bag', 'sneaker'],
      count: 20,
      accuracy,
      topK: { k: 2, accuracy: 1 },
      confusion: [
        [9, 1],
        [1, 9],
      ],
      perClass: [],
      misclassified: [],
      highestLoss: [],
    },
    validationPaths: [],
    backend: 'cpu',
    embedding: { engine: 'tfjs', device: 'cpu', imagesPerSecond: 500, cached: 0 },
    timings: {},
  };
}

/** A project reopened with three earlier runs: a transfer run, a scratch run, one whose folder is gone. */
const reopened: Workspace = {
  ...INITIAL_WORKSPACE,
  pastRuns: [
    past('a', '/runs/a'),
    past('s', '/runs/scratch', 'scratch'),
    past('gone', undefined),
    past('b', '/runs/b'),
  ],
};

function trainOnce(state: Workspace, jobId: string, modelDir: string, accuracy: number) {
  const started = reduceWorkspace(state, { type: 'job', job: startedJob(jobId) });
  return reduceWorkspace(started, { type: 'jobDone', jobId, result: result(modelDir, accuracy) });
}

describe('the run Evaluate, Try it and Export use', () => {
  it('offers the transfer runs that left a model, numbered as in the Runs table, newest latest', () => {
    const choices = runChoices(reopened);
    expect(choices.map((c) => [c.number, c.modelDir, c.latest])).toEqual([
      [1, '/runs/a', false],
      [4, '/runs/b', true],
    ]);
    expect(currentModelDir(reopened)).toBe('/runs/b');
  });

  it('keeps an older run once picked, shared by every screen, until the next run finishes', () => {
    let state = reduceWorkspace(reopened, { type: 'chooseRun', modelDir: '/runs/a' });
    expect(currentModelDir(state)).toBe('/runs/a');
    // Choosing is not a change of the project file.
    expect(state.revision).toBe(reopened.revision);

    state = trainOnce(state, 'j1', '/runs/c', 0.9);
    expect(runChoices(state).at(-1)).toMatchObject({
      number: 5,
      modelDir: '/runs/c',
      latest: true,
    });
    expect(currentModelDir(state)).toBe('/runs/c');

    state = reduceWorkspace(state, { type: 'chooseRun', modelDir: '/runs/b' });
    expect(currentModelDir(state)).toBe('/runs/b');
    state = reduceWorkspace(state, { type: 'chooseRun', modelDir: undefined });
    expect(currentModelDir(state)).toBe('/runs/c');
  });

  it('falls back to the latest when the picked run is no longer in the project', () => {
    const picked = reduceWorkspace(reopened, { type: 'chooseRun', modelDir: '/runs/a' });
    const otherProject = reduceWorkspace(picked, {
      type: 'pastRuns',
      runs: [past('x', '/runs/x')],
    });
    expect(currentModelDir(otherProject)).toBe('/runs/x');
  });

  it('has no model before any transfer run finished', () => {
    expect(currentModelDir(INITIAL_WORKSPACE)).toBeUndefined();
    const scratchOnly = { ...INITIAL_WORKSPACE, pastRuns: [past('s', '/runs/s', 'scratch')] };
    expect(runChoices(scratchOnly)).toEqual([]);
    expect(currentModelDir(scratchOnly)).toBeUndefined();
  });
});
