import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { TEXT_ENCODERS, USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import type { TextModelMetadata } from '../text/textModelFolder.js';
import type { Parity } from './parity.js';
import { textModelCard } from './textModelCard.js';

const encoder = TEXT_ENCODERS[USE_LITE_ID] as (typeof TEXT_ENCODERS)[string];
const parity: Parity = {
  agreement: 1,
  maxAbsDifference: 3.2e-8,
  count: 42,
  inputs: 'validation texts',
};

function metadata(valAccuracy: number | undefined): TextModelMetadata {
  return {
    format: 'transfer-studio-model',
    version: 1,
    modality: 'text',
    classes: ['ham', 'spam'],
    encoder: { id: USE_LITE_ID, fingerprint: 'f'.repeat(64) },
    settings: DEFAULT_TRAIN_SETTINGS,
    history: [1, 2, 3].map((epoch) => ({
      phase: 1 as const,
      epoch,
      learningRate: 1e-3,
      seconds: 0.5,
      loss: 1 / epoch,
      accuracy: 0.5 + epoch / 10,
      ...(valAccuracy === undefined
        ? {}
        : { valLoss: 1, valAccuracy: valAccuracy + (epoch - 2) / 100 }),
    })),
    bestEpoch: 2,
    dataset: '/data/mail.csv',
    createdAt: '2026-11-30T12:00:00.000Z',
  };
}

describe('textModelCard', () => {
  it('describes the web folder: the classes, the kept epoch’s accuracy, the check and the loader', () => {
    const card = textModelCard(metadata(0.9), encoder, 'tfjs', parity);
    expect(card).toMatch(/^# Text classifier: ham, spam\n/);
    expect(card).toContain('on 2026-11-30');
    expect(card).toContain('kept epoch 2 of 3');
    expect(card).toContain('Validation accuracy at the kept epoch: **90.0%**');
    expect(card).toContain('run on 42 validation texts through its own `textClassifier.js`');
    expect(card).toContain('largest probability difference 3.20e-8');
    expect(card).toContain(`at most the first ${encoder.maxTokens} pieces are read`);
    expect(card).toContain("import { loadTextClassifier } from './textClassifier.js';");
    expect(card).not.toContain('model.onnx');
  });

  it('tells how to feed the ONNX head: embeddings in, not text', () => {
    const card = textModelCard(metadata(undefined), encoder, 'onnx', parity);
    expect(card).toContain('No validation texts were held out.');
    expect(card).toContain('`model.onnx` is the head alone');
    expect(card).toContain('float32 [n, 512]');
    expect(card).toContain("session.run(['output'], {'input': embeddings})");
    expect(card).not.toContain('textClassifier.js`');
  });
});
