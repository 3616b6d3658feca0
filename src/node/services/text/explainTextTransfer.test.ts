import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { strongestWords } from '../../../engine/explain/textOcclusion.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { appFoldersTestEnv } from '../../testing/testEnv.js';
import { writeNewsFolders } from '../../testing/textModels.js';

const TOPIC = ['stocks', 'bank', 'raised', 'interest', 'rates'];
const FILLER = ['as', 'the', 'again'];

/**
 * "Where it looked" for a transfer text model: the sentence encoder runs the text and its
 * occluded copies in one batch, and the words that carry the topic outrank the filler.
 */
describe('model.explainText on the sentence encoder', () => {
  let dir: string;
  let modelDir: string;
  let pair: HandlerPair;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-explain-use-'));
    await writeNewsFolders(join(dir, 'news'), 8);
    pair = handlerPair({ ...appFoldersTestEnv(dir), TRANSFER_STUDIO_BACKEND: 'wasm' });
    const result = await pair.rpc.call('training.start', {
      dataset: join(dir, 'news'),
      base: USE_LITE_ID,
      out: join(dir, 'model'),
      settings: {
        ...DEFAULT_TRAIN_SETTINGS,
        phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 25 },
      },
    });
    modelDir = result.modelDir;
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts the topic words of a new sentence above its filler words', async () => {
    const text = 'Stocks tumbled as the bank raised interest rates again.';
    const result = await pair.rpc.call('model.explainText', { modelDir, text });
    expect(result.prediction).toBe('finance');
    expect(result.words).toHaveLength(9);
    const [top] = strongestWords(result.words, 1);
    expect(TOPIC).toContain(top?.text.toLowerCase());
    const mean = (words: readonly string[]) => {
      const scores = result.words.filter((w) => words.includes(w.text.toLowerCase()));
      return scores.reduce((sum, w) => sum + w.score, 0) / scores.length;
    };
    expect(mean(TOPIC)).toBeGreaterThan(mean(FILLER));
  });
});
