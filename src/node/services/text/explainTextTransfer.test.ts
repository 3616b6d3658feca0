import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { strongestWords } from '../../../engine/explain/textOcclusion.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';

const WEATHER = [
  'Heavy rain and strong winds are expected across the north tonight.',
  'Sunny spells this afternoon with highs of twenty-four degrees.',
  'Snow will settle on high ground by the morning.',
  'A cold front brings thunderstorms and hail later today.',
  'Fog patches clearing slowly, then a dry and mild day.',
  'Frost overnight, so expect icy roads at dawn.',
  'Gusts of up to seventy miles an hour along the coast.',
  'Humid and warm, with the chance of a shower in the evening.',
];
const FINANCE = [
  'Shares fell three percent after the quarterly earnings missed forecasts.',
  'The central bank raised interest rates by a quarter point.',
  'Bond yields climbed as investors priced in more inflation.',
  'The company announced a buyback and a higher dividend.',
  'Oil prices slid on signs of weaker demand.',
  'The currency weakened against the dollar for a third day.',
  'Analysts cut their profit outlook for the retailer.',
  'The index closed at a record high on strong tech stocks.',
];
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
    for (const [label, texts] of [
      ['weather', WEATHER],
      ['finance', FINANCE],
    ] as const) {
      await mkdir(join(dir, 'news', label), { recursive: true });
      for (const [i, text] of texts.entries()) {
        await writeFile(join(dir, 'news', label, `${i}.txt`), text);
      }
    }
    pair = handlerPair({
      TRANSFER_STUDIO_HOME: join(dir, 'home'),
      TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
      TRANSFER_STUDIO_BACKEND: 'wasm',
    });
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
