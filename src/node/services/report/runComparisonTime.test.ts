import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { epochHistory } from '../../../common/testing/epochHistory.js';
import { compareProjectRuns } from './runComparison.js';

/** The first head's epochs, as an ensemble's metadata.json records them: 2.5 s each. */
const history = epochHistory(3, 2.5);

describe('the training time of each run in a lab report', () => {
  let dir: string;
  const folders = ['ensemble', 'older', 'edited'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-report-time-'));
    const metadata = {
      ensemble: { phaseSeconds: { phase1: 21.4, refit: 16.1 } },
      older: {},
      edited: { phaseSeconds: { phase1: 'a while', refit: 4 } },
    };
    for (const name of folders) {
      await mkdir(join(dir, name));
      const recorded = { history, bestEpoch: 3, base: { name: 'MobileNet V2 0.35' } };
      const extra = metadata[name as keyof typeof metadata];
      await writeFile(join(dir, name, 'metadata.json'), JSON.stringify({ ...recorded, ...extra }));
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is the phases’ wall time, every head included, else the epochs’ seconds', async () => {
    const project: Project = {
      format: 'transfer-studio-project',
      version: 3,
      name: 'emoji',
      datasets: [],
      classes: ['animals', 'food'],
      settings: DEFAULT_TRAIN_SETTINGS,
      runs: folders.map((name) => ({
        id: name,
        startedAt: '2026-11-30T10:00:00.000Z',
        modelDir: join(dir, name),
        settings: DEFAULT_TRAIN_SETTINGS,
      })),
      createdAt: '2026-11-30T09:00:00.000Z',
      updatedAt: '2026-11-30T11:00:00.000Z',
    };
    const runs = await compareProjectRuns(project, join(dir, 'ensemble'));
    // Hand-edited nonsense counts nothing rather than reaching the page.
    expect(runs.map((r) => r.seconds)).toEqual([21.4 + 16.1, 7.5, 4]);
  });
});
