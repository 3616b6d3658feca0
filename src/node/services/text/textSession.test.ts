import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import type { UseLiteEncoder } from '../../../engine/text/useLiteEncoder.js';
import type { TextExample } from '../dataset/textHealth.js';
import { TOPIC_TEXTS, writeTestTextModel } from '../../testing/textModels.js';
import type { LoadedTextEncoder } from './loadTextEncoder.js';
import { evaluateTextExamples } from './textEvaluation.js';
import type { TextModel } from './textModelFolder.js';
import { TextSession } from './textSession.js';

/** A promise the test settles by hand: where a request waits until the test says go. */
function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** A disposed head refuses to be read (its weights are gone). */
function isDisposed(model: TextModel): boolean {
  try {
    return model.head.weights.some((w) => w.read().isDisposed);
  } catch {
    return true;
  }
}

/** The user's cancel, delivered as a message is: by the event loop, after the current turn. */
function cancelAsAMessage(controller: AbortController): void {
  setImmediate(() => controller.abort());
}

function runsOn(model: TextModel, size: number): void {
  tf.tidy(() => model.head.predict(tf.zeros([1, size])));
}

describe('the text session', () => {
  let dir: string;
  let first: string;
  let second: string;
  const session = new TextSession({});
  let loaded: LoadedTextEncoder;

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'ts-text-session-'));
    loaded = (await session.encoder()).encoder;
    first = await writeTestTextModel(dir, 'first', loaded, {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 5 },
    });
    // Another folder is another model to the session, whatever it holds.
    second = join(dir, 'second');
    await cp(first, second, { recursive: true });
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('disposes a replaced model only when the last request using it is done', async () => {
    const size = loaded.encoder.embeddingSize;
    // Two requests on the first model, each held mid-way until the test lets it finish.
    const holds = [gate<TextModel>(), gate<TextModel>()];
    const finishes = [gate(), gate()];
    const requests = holds.map((hold, i) =>
      session.withModel(first, async (model) => {
        hold.open(model);
        await (finishes[i] as ReturnType<typeof gate>).promise;
        runsOn(model, size);
        return model;
      }),
    );
    const [held, alsoHeld] = await Promise.all(holds.map((hold) => hold.promise));
    expect(alsoHeld).toBe(held);
    // Another tab asks for another model meanwhile: the session now keeps that one.
    const [other] = await session.predict(second, ['The striker scored twice.']);
    expect(other?.prediction).toBe('football');
    expect(isDisposed(held as TextModel)).toBe(false);
    finishes[0]?.open();
    expect(await requests[0]).toBe(held);
    expect(isDisposed(held as TextModel)).toBe(false);
    finishes[1]?.open();
    expect(await requests[1]).toBe(held);
    expect(isDisposed(held as TextModel)).toBe(true);
    // The model kept is untouched by the other's disposal.
    const [again] = await session.predict(second, ['Snow on the hills by morning.']);
    expect(again?.prediction).toBe('weather');
  });

  it('stops a 5,000-text evaluation within one embedding batch of a cancel', async () => {
    const controller = new AbortController();
    const texts = Array.from(
      { length: 5000 },
      (_, i) => `Review ${i}: it arrived on day ${i % 9}.`,
    );
    const examples: TextExample[] = texts.map((text, i) => ({
      text,
      label: i % 2 ? 'cooking' : 'weather',
      origin: `reviews.csv:${i + 2}`,
    }));
    let batches = 0;
    // The encoder itself, its batches counted; the first one to run is where the user cancels.
    const encoder = Object.create(loaded.encoder) as UseLiteEncoder;
    encoder.embedIds = (ids) => {
      batches++;
      if (batches === 1) cancelAsAMessage(controller);
      return loaded.encoder.embedIds(ids);
    };
    await session.withModel(first, async (model) => {
      const evaluation = evaluateTextExamples(
        { head: model.head, classes: model.metadata.classes },
        { ...loaded, encoder },
        examples,
        { signal: controller.signal },
      );
      await expect(evaluation).rejects.toMatchObject({ code: 'CANCELLED' });
    });
    expect(batches).toBe(1);
  });

  it('stops classifying 5,000 texts within one batch of a cancel', async () => {
    const controller = new AbortController();
    const distinct = Object.entries(TOPIC_TEXTS).flatMap(([label, texts]) =>
      texts.map((text) => ({ text, label })),
    );
    // Few distinct texts (each embedded once), many rows: the classification is the long part.
    const examples: TextExample[] = Array.from({ length: 5000 }, (_, i) => ({
      ...(distinct[i % distinct.length] as { text: string; label: string }),
      origin: `topics.csv:${i + 2}`,
    }));
    let batches = 0;
    await session.withModel(first, async (model) => {
      const head = {
        predict: (input: tf.Tensor) => {
          batches++;
          if (batches === 1) cancelAsAMessage(controller);
          return model.head.predict(input);
        },
      } as unknown as tf.LayersModel;
      const evaluation = evaluateTextExamples(
        { head, classes: model.metadata.classes },
        loaded,
        examples,
        { signal: controller.signal },
      );
      await expect(evaluation).rejects.toMatchObject({ code: 'CANCELLED' });
    });
    expect(batches).toBe(1);
  });
});
