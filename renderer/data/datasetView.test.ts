import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/common/dataset.js';
import { classCards, problemGroups } from './datasetView.js';

const report: ScanReport = {
  source: { path: '/data', kind: 'folder' },
  layout: 'split-folders',
  classes: [
    { name: 'cat', count: 30, splits: { train: 24, validation: 6 } },
    { name: 'dog', count: 10, splits: { train: 10 } },
  ],
  files: { seen: 43, imported: 40, skipped: 3 },
  skipped: [
    { path: 'train/cat/a.txt', code: 'not-an-image', reason: 'not an image' },
    { path: 'train/dog/b.jpg', code: 'corrupt-image', reason: 'truncated' },
    { path: 'train/dog/c.doc', code: 'not-an-image', reason: 'not an image' },
  ],
  warnings: [
    {
      code: 'class-missing-from-split',
      message: 'The validation folder has no images of: dog.',
      classes: ['dog'],
    },
  ],
  images: [],
};

describe('classCards', () => {
  it('shows count, share, split and the warnings that name the class', () => {
    expect(classCards(report)).toEqual([
      { name: 'cat', count: 30, share: 0.75, splitText: 'train 24 · validation 6', warnings: [] },
      {
        name: 'dog',
        count: 10,
        share: 0.25,
        splitText: 'train 10',
        warnings: ['The validation folder has no images of: dog.'],
      },
    ]);
  });
});

describe('problemGroups', () => {
  it('groups skipped files by reason, largest group first, every file kept', () => {
    const groups = problemGroups(report);
    expect(groups.map((g) => [g.title, g.files.length])).toEqual([
      ['Not images', 2],
      ['Damaged or cut-off images', 1],
    ]);
    expect(groups.flatMap((g) => g.files)).toHaveLength(report.skipped.length);
  });
});
