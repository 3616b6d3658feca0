import { describe, expect, it } from 'vitest';
import { FRAME_BATCH, FrameSender, nextBatchSize, type SenderState } from './frameSender.js';

/** A frame as the page sends it: a webcam JPEG (tens of KB) as base64, numbered to trace order. */
const frame = (n: number, chars = 80_000) => `${n}:`.padEnd(chars, 'A');
const numberOf = (frame: string) => Number(frame.split(':')[0]);

describe('batching camera frames', () => {
  it('takes up to the frame limit, within the size limit, and always at least one', () => {
    const limits = { maxFrames: 8, maxChars: 1_000_000 };
    expect(
      nextBatchSize(
        Array.from({ length: 20 }, (_, i) => frame(i)),
        limits,
      ),
    ).toBe(8);
    expect(
      nextBatchSize(
        Array.from({ length: 20 }, (_, i) => frame(i, 300_000)),
        limits,
      ),
    ).toBe(3);
    // One frame larger than a whole message still goes, alone.
    expect(nextBatchSize([frame(0, 2_000_000), frame(1)], limits)).toBe(1);
    expect(nextBatchSize([], limits)).toBe(0);
  });
});

describe('sending a burst of frames', () => {
  /** The engine's side: records each message and answers when the test says so. */
  function engine() {
    const messages: string[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const pending: (() => void)[] = [];
    let called: (() => void) | undefined;
    const send = async (frames: string[]) => {
      messages.push(frames);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const answered = new Promise<void>((resolve) => pending.push(resolve));
      called?.();
      await answered;
      inFlight--;
      if (frames.some((f) => f.startsWith('bad'))) throw new Error('The disk is full');
      return frames.length;
    };
    /** The next message the engine holds, as soon as the sender sent it. */
    const nextMessage = () =>
      pending.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => (called = resolve));
    /** Answers every message, each once it arrives, until the sender has nothing left. */
    const answerAll = async (sender: FrameSender) => {
      for (;;) {
        const idle = sender.idle().then(() => 'idle' as const);
        if ((await Promise.race([nextMessage(), idle])) === 'idle') return;
        pending.shift()?.();
      }
    };
    return { send, messages, answerAll, mostInFlight: () => mostInFlight };
  }

  it('sends a 45-frame burst in bounded messages, one at a time, in order', async () => {
    const side = engine();
    const states: SenderState[] = [];
    const sender = new FrameSender(side.send, (s) => states.push(s));
    for (let n = 0; n < 45; n++) sender.push(frame(n));
    expect(sender.state()).toMatchObject({ sending: true, saved: 0 });
    const idle = sender.idle();
    await side.answerAll(sender);
    await idle;
    expect(side.mostInFlight()).toBe(1);
    expect(side.messages.length).toBeGreaterThanOrEqual(Math.ceil(45 / FRAME_BATCH.maxFrames));
    for (const message of side.messages) {
      expect(message.length).toBeLessThanOrEqual(FRAME_BATCH.maxFrames);
      expect(message.join('').length).toBeLessThanOrEqual(FRAME_BATCH.maxChars);
    }
    expect(side.messages.flat().map(numberOf)).toEqual(Array.from({ length: 45 }, (_, n) => n));
    expect(sender.state()).toEqual({ saved: 45, waiting: 0, sending: false, error: undefined });
    expect(states.at(-1)).toEqual(sender.state());
  });

  it('reports a failed batch and still sends the frames after it', async () => {
    const side = engine();
    const sender = new FrameSender(side.send, undefined, { maxFrames: 2, maxChars: 1e9 });
    sender.push(frame(0));
    sender.push('bad frame');
    sender.push(frame(2));
    sender.push(frame(3));
    await side.answerAll(sender);
    await sender.idle();
    expect(side.messages.map((m) => m.length)).toEqual([1, 2, 1]);
    expect(sender.state()).toMatchObject({ saved: 2, error: 'The disk is full', waiting: 0 });
    // The next frame clears the error once it is on its way.
    sender.push(frame(4));
    expect(sender.state().error).toBeUndefined();
    await side.answerAll(sender);
    expect(sender.state().saved).toBe(3);
  });

  it('is idle at once when nothing was pushed', async () => {
    const sender = new FrameSender(async (frames) => frames.length);
    await expect(sender.idle()).resolves.toBeUndefined();
  });
});
