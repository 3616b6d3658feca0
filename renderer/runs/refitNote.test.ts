import { describe, expect, it } from 'vitest';
import { CONTRACT } from '../../src/common/contract/contract.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../src/common/training.js';
import { INITIAL_WORKSPACE, type Workspace } from '../app/workspace.js';
import { beforeRefitNote, refitOfRun, runRows } from './runRows.js';

const infoSchema = CONTRACT['model.info'].response;

/** model.info as an app without refit records answered it, and as this one answers a refit. */
const OLD_INFO = {
  classes: ['cat', 'dog'],
  history: [
    {
      phase: 1,
      epoch: 1,
      loss: 0.6,
      accuracy: 0.7,
      valLoss: 0.5,
      valAccuracy: 0.8,
      learningRate: 0.003,
      seconds: 1.5,
    },
  ],
  validationAccuracy: 0.8,
  base: 'MobileNet V2 0.35',
  bestEpoch: 1,
  createdAt: '2026-11-20T10:00:00.000Z',
};
const REFIT_INFO = { ...OLD_INFO, refit: { epochs: 1, images: 120 } };

const state: Pick<Workspace, 'pastRuns' | 'runs'> = {
  ...INITIAL_WORKSPACE,
  pastRuns: [
    {
      id: 'older',
      startedAt: '2026-11-20T10:00:00.000Z',
      modelDir: '/runs/older',
      settings: DEFAULT_TRAIN_SETTINGS,
      validationAccuracy: 0.8,
      history: infoSchema.parse(OLD_INFO).history,
      bestEpoch: 1,
    },
  ],
};

describe('the note that validation scores are from before the refit', () => {
  it('reads model.info from before refits were recorded, and one that records a refit', () => {
    const old = infoSchema.parse(OLD_INFO);
    expect(old.refit).toBeUndefined();
    expect(infoSchema.parse(REFIT_INFO).refit).toEqual({ epochs: 1, images: 120 });
    expect(() => infoSchema.parse({ ...OLD_INFO, refit: { epochs: 0, images: 120 } })).toThrow();
  });

  it('marks an earlier session’s run when its model folder says it was refit', () => {
    const [row] = runRows(state);
    if (!row) throw new Error('no row');
    expect(row.past).toBe(true);
    expect(beforeRefitNote(row.accuracy, refitOfRun(row, state, infoSchema.parse(OLD_INFO)))).toBe(
      undefined,
    );
    const note = beforeRefitNote(
      row.accuracy,
      refitOfRun(row, state, infoSchema.parse(REFIT_INFO)),
    );
    expect(note?.mark).toBe(' — before the refit on all images');
    expect(note?.explanation).toMatch(
      /trained again for 1 epochs on all 120 training and validation/,
    );
  });

  it('marks this session’s refit run from its result, whatever a stale answer said', () => {
    const row = { key: 'job-1', past: false };
    const session = (refit?: { epochs: number; images: number }) => ({
      runs: [{ jobId: 'job-1', result: refit ? { refit } : {} }] as unknown as Workspace['runs'],
    });
    expect(refitOfRun(row, session({ epochs: 7, images: 300 }), undefined)).toEqual({
      epochs: 7,
      images: 300,
    });
    expect(refitOfRun(row, session(), { refit: { epochs: 7, images: 300 } })).toBeUndefined();
  });

  it('adds no note where no score is shown', () => {
    expect(beforeRefitNote(undefined, { epochs: 3, images: 50 })).toBeUndefined();
    expect(beforeRefitNote(0.91, undefined)).toBeUndefined();
  });
});
