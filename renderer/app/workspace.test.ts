import { describe, expect, it } from 'vitest';
import { startedJob } from '../train/jobState.js';
import type { ScanReport } from '../../src/common/dataset.js';
import { emptyImportMessage } from '../data/datasetView.js';
import { INITIAL_WORKSPACE, reduceWorkspace } from './workspace.js';

const image = (path: string) => ({
  path,
  className: path.split('/')[0] ?? '',
  format: 'jpeg',
  width: 8,
  height: 8,
  bytes: 1,
  sha256: 'a'.repeat(64),
});

function scan(images: string[], skipped: string[] = []): ScanReport {
  return {
    source: '/data',
    layout: 'class-folders',
    classes: [],
    files: {
      seen: images.length + skipped.length,
      imported: images.length,
      skipped: skipped.length,
    },
    skipped: skipped.map((path) => ({ path, code: 'not-an-image', reason: 'not an image' })),
    warnings: [],
    images: images.map(image),
  } as never;
}

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

  it('never replaces a working dataset with a scan that found no usable image, and says so', () => {
    const pets = scan(['cat/1.jpg', 'dog/2.jpg']);
    const working = reduceWorkspace(INITIAL_WORKSPACE, {
      type: 'dataset',
      path: '/pets',
      report: pets,
    });
    const notes = scan([], ['a.txt', 'b.txt', 'c.txt']);
    for (const [path, report] of [
      ['/notes', notes],
      ['/empty', scan([])],
      ['/pets', scan([])],
    ] as const) {
      const after = reduceWorkspace(working, { type: 'dataset', path, report });
      expect(after, path).toBe(working);
    }
    expect(emptyImportMessage('/notes', notes, pets)).toBe(
      'Nothing was imported from /notes: none of its 3 files is an image the app can use. Most were: not images (3). Your 2 images are still here, unchanged.',
    );
    expect(emptyImportMessage('/empty', scan([]), undefined)).toBe(
      'Nothing was imported from /empty: it holds no files. Import a folder with one folder of images (JPEG, PNG, WebP…) per class, or a .zip of one.',
    );
    // A scan with images replaces the dataset as before, and there is nothing to tell.
    const other = scan(['bird/3.jpg']);
    expect(emptyImportMessage('/birds', other, pets)).toBeUndefined();
    expect(
      reduceWorkspace(working, { type: 'dataset', path: '/birds', report: other }).dataset?.path,
    ).toBe('/birds');
  });
});
