import { describe, expect, it } from 'vitest';
import { projectSchema } from '../../src/common/project.js';
import { finishedJob, startedJob } from '../train/jobState.js';
import { projectFromWorkspace, projectNameFor } from './projectState.js';
import { INITIAL_WORKSPACE, reduceWorkspace } from './workspace.js';

const report = {
  source: '/data/pets',
  layout: 'class-folders',
  classes: [
    { name: 'cat', count: 1 },
    { name: 'dog', count: 1 },
  ],
  files: { seen: 2, imported: 2, skipped: 0 },
  skipped: [],
  warnings: [],
  images: [
    {
      path: 'cat/1.jpg',
      className: 'cat',
      format: 'jpeg',
      width: 8,
      height: 8,
      bytes: 1,
      sha256: 'a'.repeat(64),
    },
    {
      path: 'dog/2.jpg',
      className: 'dog',
      format: 'jpeg',
      width: 8,
      height: 8,
      bytes: 1,
      sha256: 'b'.repeat(64),
    },
  ],
} as never;

describe('projects from the workspace', () => {
  it('records dataset hashes, base, settings and runs in a valid project file; changes bump the revision', () => {
    let state = reduceWorkspace(INITIAL_WORKSPACE, { type: 'dataset', path: '/data/pets', report });
    expect(state.revision).toBe(1);
    expect(projectFromWorkspace(state, new Date())).toBeUndefined();
    state = reduceWorkspace(state, {
      type: 'project',
      project: {
        folder: '/p',
        name: projectNameFor('/data/pets'),
        createdAt: '2026-11-29T12:00:00.000Z',
      },
    });
    expect(state.revision).toBe(1);
    state = reduceWorkspace(state, { type: 'base', base: '/packs/mobilenet' });
    const job = startedJob('j1', state.settings, '2026-11-29T12:01:00.000Z');
    state = reduceWorkspace(state, { type: 'job', job });
    state = reduceWorkspace(state, {
      type: 'job',
      job: finishedJob(job, { modelDir: '/runs/1', validation: { accuracy: 0.75 } } as never),
    });
    expect(state.revision).toBe(3);
    const project = projectSchema.parse(
      projectFromWorkspace(state, new Date('2026-11-29T12:05:00Z')),
    );
    expect(project).toMatchObject({
      name: 'pets',
      base: '/packs/mobilenet',
      classes: ['cat', 'dog'],
      datasets: [{ path: '/data/pets', images: { 'cat/1.jpg': 'a'.repeat(64) } }],
      runs: [
        {
          id: 'j1',
          modelDir: '/runs/1',
          validationAccuracy: 0.75,
          startedAt: '2026-11-29T12:01:00.000Z',
        },
      ],
      updatedAt: '2026-11-29T12:05:00.000Z',
    });
    expect(projectNameFor('C:\\\\data\\\\flowers.zip')).toBe('flowers');
  });
});
