import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import type { TextExample } from '../dataset/textHealth.js';
import { loadTextEncoder, type LoadedTextEncoder } from './loadTextEncoder.js';
import {
  evaluateTextClassifier,
  openTextEmbeddingCache,
  trainTextClassifier,
} from './trainTextClassifier.js';

const COOKING = [
  'Simmer the onions in butter until golden, then add the garlic.',
  'Knead the dough for ten minutes and let it rise overnight.',
  'Season the soup with salt, pepper and a squeeze of lemon.',
  'Roast the vegetables at 200 degrees for forty minutes.',
  'Whisk the eggs with sugar until pale and fluffy.',
  'Marinate the chicken in yoghurt and spices for an hour.',
  'Stir the risotto slowly, adding stock a ladle at a time.',
  'Bake the cake until a skewer comes out clean.',
  'Fry the tofu until crisp and toss it in the sauce.',
  'Chop the herbs finely and sprinkle them over the pasta.',
];
const FOOTBALL = [
  'The striker scored twice in the second half to win the match.',
  'The goalkeeper saved a penalty in the final minute.',
  'Both teams were reduced to ten men after red cards.',
  'The referee awarded a free kick just outside the box.',
  'The coach changed the formation at half time.',
  'A late header from the corner sealed the victory.',
  'The club signed a new defender before the transfer deadline.',
  'Fans sang for ninety minutes as the league leaders lost.',
  'The winger crossed low and the midfielder tapped it in.',
  'Extra time ended level, so the cup final went to penalties.',
];

const examples = (texts: string[], label: string): TextExample[] =>
  texts.map((text, i) => ({ text, label, origin: `${label}/${i}.txt` }));

describe('trainTextClassifier', () => {
  let loaded: LoadedTextEncoder;
  let root: string;

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    loaded = await loadTextEncoder(USE_LITE_ID);
    root = await mkdtemp(join(tmpdir(), 'text-train-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('trains a head on cached embeddings that classifies unseen texts, and retrains from the cache', async () => {
    const cache = await openTextEmbeddingCache(root, loaded);
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 30 },
    };
    const train = [
      ...examples(COOKING.slice(0, 8), 'cooking'),
      ...examples(FOOTBALL.slice(0, 8), 'football'),
    ];
    const first = await trainTextClassifier({ examples: train, loaded, cache, settings });
    expect(first.classes).toEqual(['cooking', 'football']);
    expect(first.embedding.embedded).toBe(train.length);
    expect(first.fit.history.length).toBeGreaterThan(0);

    const unseen = [
      ...examples(COOKING.slice(8), 'cooking'),
      ...examples(FOOTBALL.slice(8), 'football'),
    ];
    const evaluation = await evaluateTextClassifier(first, loaded, unseen);
    expect(evaluation.accuracy).toBe(1);
    expect(evaluation.confusion).toEqual([
      [2, 0],
      [0, 2],
    ]);

    const again = await trainTextClassifier({ examples: train, loaded, cache, settings });
    expect(again.embedding.embedded).toBe(0);
    expect(again.embedding.cached).toBe(train.length);
  });

  it('refuses a single class', async () => {
    await expect(
      trainTextClassifier({ examples: examples(COOKING, 'cooking'), loaded }),
    ).rejects.toThrow(/at least two classes/);
  });
});
