import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../src/common/training.js';
import { epochHistory } from '../../src/common/testing/epochHistory.js';
import { finishedJob, startedJob, type TrainResult } from '../train/jobState.js';
import { runRows } from './runRows.js';

/** The first head's epochs: what the history records of an ensemble, 1.5 s each. */
const history = epochHistory(4, 1.5);

const result = (phaseSeconds?: TrainResult['phaseSeconds']): TrainResult => ({
  modelDir: '/runs/emoji',
  classes: ['animals', 'food'],
  counts: { train: 800, validation: 200 },
  history,
  bestEpoch: 3,
  validationPaths: [],
  backend: 'cpu',
  embedding: { engine: 'onnxruntime', device: 'cpu', imagesPerSecond: 120, cached: 0 },
  timings: { scan: 0.4, embed: 8.3, train: 19.2, refit: 14.6, write: 0.9 },
  ...(phaseSeconds ? { phaseSeconds } : {}),
});

describe('a run’s training time in the Runs table', () => {
  it('is every phase’s wall time, all heads included, where the run recorded it', () => {
    const phaseSeconds = { phase1: 18.6, refit: 14.2 };
    const session = finishedJob(startedJob('now'), result(phaseSeconds));
    const rows = runRows({
      runs: [{ ...session, epochs: history }],
      pastRuns: [
        {
          id: 'earlier',
          startedAt: '2026-11-30T10:00:00.000Z',
          settings: DEFAULT_TRAIN_SETTINGS,
          history,
          phaseSeconds: { phase1: 20, fineTuning: 41.5 },
        },
        // Recorded before phase times were: its epochs' own seconds.
        {
          id: 'older',
          startedAt: '2026-11-29T10:00:00.000Z',
          settings: DEFAULT_TRAIN_SETTINGS,
          history,
        },
      ],
    });
    expect(rows.map((r) => [r.key, r.seconds])).toEqual([
      ['earlier', 61.5],
      ['older', 6],
      ['now', 32.8],
    ]);
    // Three heads and a refit took far longer than the first head's epochs say.
    expect(rows[2]?.seconds).toBeGreaterThan(history.reduce((s, m) => s + m.seconds, 0) * 3);
  });
});
