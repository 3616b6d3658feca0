import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../common/training.js';
import { fineTuningOutcome } from './fineTunePhase.js';

const epochs = (phase: 1 | 2, from: number, valLosses: number[]): EpochMetrics[] =>
  valLosses.map((valLoss, i) => ({
    phase,
    epoch: from + i,
    loss: valLoss,
    accuracy: 0.5,
    valLoss,
    valAccuracy: 0.5,
    learningRate: 1e-3,
    seconds: 1,
  }));

describe('what fine-tuning did, in the run record', () => {
  // Phase 1: 20 epochs, best validation loss 0.30 at epoch 19.
  const phase1 = epochs(1, 1, [...Array.from({ length: 18 }, (_, i) => 1 - i * 0.03), 0.3, 0.31]);

  it('says plainly that phase 1 is kept when no fine-tuning epoch beat it, and that early stopping ended it', () => {
    const tuned = {
      history: epochs(2, 21, [0.4, 0.38, 0.36, 0.35, 0.34]),
      bestEpoch: 19,
      stopped: {
        type: 'stopped' as const,
        reason: 'early-stopping' as const,
        epoch: 25,
        message: 'validation loss has not improved for 5 epochs',
      },
    };
    const outcome = fineTuningOutcome(tuned, 10, phase1);
    expect(outcome).toMatchObject({
      epochsAsked: 10,
      epochsRun: 5,
      stoppedEarly: true,
      improved: false,
    });
    expect(outcome.message).toBe(
      '5 of 10 fine-tuning epochs ran (early stopping ended it); fine-tuning did not improve the validation loss; the model from before fine-tuning is kept',
    );
    expect(outcome.message).not.toMatch(/keeping epoch/);
  });

  it('names the fine-tuned epoch kept when one beat phase 1', () => {
    const tuned = { history: epochs(2, 21, [0.29, 0.25, 0.27]), bestEpoch: 22 };
    const outcome = fineTuningOutcome(tuned, 3, phase1);
    expect(outcome).toMatchObject({ epochsRun: 3, stoppedEarly: false, improved: true });
    expect(outcome.message).toBe(
      '3 of 3 fine-tuning epochs ran; fine-tuning improved the validation loss; the model from epoch 22 is kept',
    );
  });
});
