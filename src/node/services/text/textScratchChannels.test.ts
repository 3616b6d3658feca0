import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { appFoldersTestEnv } from '../../testing/testEnv.js';
import { writeTopicDataset } from '../../testing/topicTexts.js';

/**
 * A text model from scratch through the app's own channels: trained by `training.scratch` with
 * the image run's events, then read by `model.info`, `model.predictText`, `model.evaluate` and
 * `model.evaluateValidation` exactly as a transfer text model is.
 */
describe('text from scratch over the contract', () => {
  let dir: string;
  let dataset: string;
  let pair: HandlerPair;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'text-scratch-channels-'));
    dataset = join(dir, 'notes');
    await writeTopicDataset(dataset, 30, 17);
    pair = handlerPair(appFoldersTestEnv(dir));
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains, then predicts and evaluates through the text channels', async () => {
    const epochs: number[] = [];
    const stop = pair.rpc.on('job.event', ({ jobId, event }) => {
      if (jobId === 'text-scratch' && event.type === 'epoch') epochs.push(event.metrics.epoch);
    });
    const modelDir = join(dir, 'model');
    const result = await pair.rpc.call('training.scratch', {
      dataset,
      settings: {
        ...DEFAULT_TRAIN_SETTINGS,
        phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 10 },
      },
      out: modelDir,
      jobId: 'text-scratch',
    });
    stop();
    expect(result).toMatchObject({ recipe: 'scratch', classes: ['cooking', 'football'] });
    expect(epochs.length).toBe(result.history.length);

    expect(await pair.rpc.call('model.info', { modelDir })).toMatchObject({
      recipe: 'scratch',
      modality: 'text',
      classes: ['cooking', 'football'],
      base: expect.stringMatching(/^bag of words from scratch/),
    });

    const [football, cooking] = await pair.rpc.call('model.predictText', {
      modelDir,
      texts: ['The striker scored a penalty after lunch.', 'The chef roasted the onions today.'],
    });
    expect(football?.prediction).toBe('football');
    expect(cooking?.prediction).toBe('cooking');
    expect(football?.probabilities.reduce((t, p) => t + p.probability, 0)).toBeCloseTo(1, 5);

    const evaluated = await pair.rpc.call('model.evaluate', { modelDir, dataset });
    expect(evaluated.count).toBe(60);
    expect(evaluated.accuracy).toBeGreaterThan(0.9);
    const validation = await pair.rpc.call('model.evaluateValidation', { modelDir });
    expect(validation.count).toBe(result.counts.validation);
    expect(validation.accuracy).toBeCloseTo(result.validation?.accuracy ?? NaN, 6);

    const out = join(dir, 'export');
    await expect(
      pair.rpc.call('model.export', { modelDir, formats: ['tfjs'], out }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/from scratch/),
    });
    expect(await readdir(dir)).not.toContain('export');
  });

  it('answers CANCELLED to a cancel sent with the request and writes nothing', async () => {
    const controller = new AbortController();
    const call = pair.rpc.call(
      'training.scratch',
      { dataset, settings: DEFAULT_TRAIN_SETTINGS, out: join(dir, 'cancelled') },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(dir)).not.toContain('cancelled');
  });
});
