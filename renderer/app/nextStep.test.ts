import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/common/dataset.js';
import { startedJob } from '../train/jobState.js';
import { nextStep } from './nextStep.js';
import { INITIAL_WORKSPACE, reduceWorkspace, type Workspace } from './workspace.js';

function report(classes: string[], perClass: number): ScanReport {
  return {
    classes: classes.map((name) => ({ name, count: perClass })),
    files: { seen: classes.length * perClass, imported: classes.length * perClass, skipped: 0 },
  } as unknown as ScanReport;
}

function withDataset(classes: string[], perClass = 10): Workspace {
  return reduceWorkspace(INITIAL_WORKSPACE, {
    type: 'dataset',
    path: '/pets',
    report: { ...report(classes, perClass), images: [{ path: 'x' }] } as never,
  });
}

describe('the next step the screens point to', () => {
  it('starts at Data with nothing imported', () => {
    expect(nextStep(INITIAL_WORKSPACE)).toMatchObject({ done: [], screen: 'data' });
  });

  it('asks for a second class before anything else', () => {
    const step = nextStep(withDataset(['cats']));
    expect(step.screen).toBe('data');
    expect(step.message).toContain('10 images in 1 class imported');
  });

  it('goes to Model, then Train, then Evaluate as the student progresses', () => {
    const imported = withDataset(['cats', 'dogs'], 6);
    expect(nextStep(imported)).toMatchObject({ done: ['data'], screen: 'model' });
    expect(nextStep(imported).message).toContain('12 images in 2 classes imported');
    const based = reduceWorkspace(imported, { type: 'base', base: 'mobilenet_v2_0.35_224' });
    expect(nextStep(based)).toMatchObject({ done: ['data', 'model'], screen: 'train' });
    const training = reduceWorkspace(based, { type: 'job', job: startedJob('j1') });
    expect(nextStep(training).message).toContain('Training');
    const trained = reduceWorkspace(training, {
      type: 'job',
      job: { ...startedJob('j1'), status: 'done', result: { modelDir: '/runs/1' } as never },
    });
    expect(nextStep(trained)).toMatchObject({
      done: ['data', 'model', 'train'],
      screen: 'evaluate',
    });
  });

  it('counts a model from an earlier session as trained', () => {
    const state = {
      ...withDataset(['cats', 'dogs']),
      base: 'b',
      pastRuns: [{ id: 'r', startedAt: '', modelDir: '/runs/0', settings: {}, history: [] }],
    } as unknown as Workspace;
    expect(nextStep(state).done).toContain('train');
  });
});
