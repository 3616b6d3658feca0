import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { strongestWords } from '../../../engine/explain/textOcclusion.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { appFoldersTestEnv } from '../../testing/testEnv.js';
import { writeTopicDataset } from '../../testing/topicTexts.js';
import { explainText } from './explainText.js';
import { TextSession } from './textSession.js';

const FOOTBALL_WORDS = ['striker', 'scored', 'penalty', 'final', 'minute', 'goalkeeper', 'saved'];

/**
 * "Where it looked" for a text model through the app's channel: a bag-of-words model trained
 * from scratch on two topics is asked which words of a new note made its answer.
 */
describe('model.explainText', () => {
  let dir: string;
  let modelDir: string;
  let pair: HandlerPair;
  const env = () => appFoldersTestEnv(dir);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-explain-text-'));
    const dataset = join(dir, 'notes');
    await writeTopicDataset(dataset, 30, 17);
    pair = handlerPair(env());
    modelDir = join(dir, 'model');
    await pair.rpc.call('training.scratch', {
      dataset,
      settings: {
        ...DEFAULT_TRAIN_SETTINGS,
        phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 10 },
      },
      out: modelDir,
    });
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('ranks the topic words of a note above the words both topics use', async () => {
    const text =
      'On Saturday, the striker scored a penalty in the final minute. Everyone was happy.';
    const result = await pair.rpc.call('model.explainText', { modelDir, text });
    expect(result).toMatchObject({ class: 'football', prediction: 'football', capped: false });
    expect(result.totalWords).toBe(14);
    const [predicted] = await pair.rpc.call('model.predictText', { modelDir, texts: [text] });
    expect(result.probability).toBeCloseTo(predicted?.probabilities[0]?.probability ?? NaN, 6);
    const scores = new Map(result.words.map((w) => [w.text.toLowerCase(), w.score]));
    expect(FOOTBALL_WORDS).toContain(strongestWords(result.words, 1)[0]?.text);
    // Words every topic's notes use moved the answer less than any football word.
    const shared = ['on', 'saturday', 'everyone'].map((w) => scores.get(w) ?? NaN);
    for (const word of ['striker', 'scored', 'penalty', 'final', 'minute']) {
      expect(scores.get(word)).toBeGreaterThan(Math.max(...shared));
    }
    for (const word of result.words) expect(text.slice(word.start, word.end)).toBe(word.text);
  });

  it('scores toward another class when asked: the topic words push away from it', async () => {
    const text = 'The striker scored a penalty after lunch.';
    const result = await pair.rpc.call('model.explainText', { modelDir, text, class: 'cooking' });
    expect(result.class).toBe('cooking');
    expect(result.prediction).toBe('football');
    const striker = result.words.find((w) => w.text === 'striker');
    expect(striker?.score).toBeLessThan(0);
  });

  it('refuses a folder with no model, and an unknown class, in plain words', async () => {
    await expect(
      pair.rpc.call('model.explainText', { modelDir: join(dir, 'nothing'), text: 'a penalty' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no trained model/),
    });
    const imageModel = join(dir, 'image-model');
    await mkdir(imageModel);
    await writeFile(join(imageModel, 'metadata.json'), JSON.stringify({ classes: ['cat', 'dog'] }));
    await expect(
      pair.rpc.call('model.explainText', { modelDir: imageModel, text: 'a penalty' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/image/) });
    await expect(
      pair.rpc.call('model.explainText', { modelDir, text: 'a penalty', class: 'tennis' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/tennis/) });
  });

  it('stops with CANCELLED when cancelled while the model runs', async () => {
    const session = new TextSession(env());
    const controller = new AbortController();
    const texts: number[] = [];
    const explaining = explainText(
      (dir, batch, signal) => {
        texts.push(batch.length);
        controller.abort();
        return session.predict(dir, batch, signal);
      },
      { modelDir, text: 'The chef roasted the onions today.', signal: controller.signal },
    );
    await expect(explaining).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(texts).toEqual([7]);
  });
});
