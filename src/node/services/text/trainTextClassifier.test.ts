import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { TOPIC_TEXTS } from '../../testing/textModels.js';
import type { TextExample } from '../dataset/textHealth.js';
import { loadTextEncoder, type LoadedTextEncoder } from './loadTextEncoder.js';
import {
  evaluateTextClassifier,
  openTextEmbeddingCache,
  trainTextClassifier,
} from './trainTextClassifier.js';

const COOKING = TOPIC_TEXTS['cooking'] ?? [];
const FOOTBALL = TOPIC_TEXTS['football'] ?? [];

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
