/** Limits of one dataset.addFrames message: a burst is sent as several small ones. */
export interface BatchLimits {
  maxFrames: number;
  /** Base64 characters in one message, all frames together (one larger frame goes alone). */
  maxChars: number;
}

/** Eight webcam JPEGs (≈60 KB each) or 1.5 MB of text, whichever comes first. */
export const FRAME_BATCH: BatchLimits = { maxFrames: 8, maxChars: 1_500_000 };

/** How many of the first waiting frames go in the next message: at least one, within limits. */
export function nextBatchSize(waiting: readonly string[], limits: BatchLimits): number {
  let chars = 0;
  let count = 0;
  for (const frame of waiting) {
    if (count >= limits.maxFrames || (count > 0 && chars + frame.length > limits.maxChars)) break;
    chars += frame.length;
    count++;
  }
  return count;
}

export interface SenderState {
  saved: number;
  waiting: number;
  sending: boolean;
  error: string | undefined;
}

/**
 * Frames captured faster than they are saved wait here and leave in batches, one message at a
 * time and in the order they were taken, so a long burst never becomes one giant message and
 * the engine is never asked to write two batches at once. A batch that fails is reported and
 * dropped; the frames after it are still sent.
 */
export class FrameSender {
  private readonly waiting: string[] = [];
  private sending = false;
  private saved = 0;
  private error: string | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly send: (frames: string[]) => Promise<number>,
    private readonly onChange: (state: SenderState) => void = () => undefined,
    private readonly limits: BatchLimits = FRAME_BATCH,
  ) {}

  /** Queues one frame (a JPEG as base64) and starts sending if nothing is on its way. */
  push(frame: string): void {
    this.waiting.push(frame);
    this.error = undefined;
    this.report();
    void this.pump();
  }

  /** Resolves once every frame pushed so far was sent (or its batch failed). */
  idle(): Promise<void> {
    if (!this.sending && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  state(): SenderState {
    return {
      saved: this.saved,
      waiting: this.waiting.length,
      sending: this.sending,
      error: this.error,
    };
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, nextBatchSize(this.waiting, this.limits));
      this.report();
      try {
        this.saved += await this.send(batch);
      } catch (e) {
        this.error = (e as Error).message;
      }
    }
    this.sending = false;
    this.report();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private report(): void {
    this.onChange(this.state());
  }
}
