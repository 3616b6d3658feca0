/**
 * Which engine work Try it still needs. Each tried image is identified by its path and the try
 * that showed it (a path tried again may hold a new picture: browser mode reuses upload names),
 * and every answer is tied to the model it was asked of, so a slow reply about an earlier model
 * or an earlier try can never land on the current one.
 */

/** An image on the screen: its engine path and the try that put it there. */
export interface TriedImage {
  path: string;
  tryId: number;
}

/** The most images one Grad-CAM request may carry (the contract's limit). */
export const LOOKED_PER_REQUEST = 50;

/** One image as one model sees it: the cache key of its explanation. */
export function lookedKey(modelDir: string, image: TriedImage): string {
  return JSON.stringify([modelDir, image.tryId, image.path]);
}

/** A Grad-CAM request in flight: the images it asked for, and how to stop it. */
export interface PendingLook {
  keys: readonly string[];
  controller: AbortController;
}

export interface LookPlan {
  /** Images neither settled nor being explained: the next request asks only for these. */
  ask: TriedImage[];
  /** Requests in flight whose every image has left the screen: nobody waits for them. */
  drop: PendingLook[];
}

/**
 * What to ask and what to stop so the overlays of `images` (newest first) get explained once
 * each; `settled` holds the keys already explained (or failed). Only the first
 * LOOKED_PER_REQUEST images are shown overlays, so only they are wanted.
 */
export function planLooks(
  modelDir: string,
  images: readonly TriedImage[],
  settled: ReadonlySet<string>,
  pending: readonly PendingLook[],
): LookPlan {
  const wanted = images.slice(0, LOOKED_PER_REQUEST);
  const wantedKeys = new Set(wanted.map((image) => lookedKey(modelDir, image)));
  const asked = new Set(pending.flatMap((p) => p.keys));
  const ask: TriedImage[] = [];
  for (const image of wanted) {
    const key = lookedKey(modelDir, image);
    if (settled.has(key) || asked.has(key)) continue;
    asked.add(key);
    ask.push(image);
  }
  const drop = pending.filter((p) => !p.keys.some((key) => wantedKeys.has(key)));
  return { ask, drop };
}

/**
 * The requests one screen has in flight. Each carries the model it was asked of; `isCurrent`
 * says whether its answer may still be shown (not aborted, same model as the screen's now).
 */
export class ScreenRequests {
  private readonly running = new Set<AbortController>();

  constructor(private readonly currentModel: () => string | undefined) {}

  get size(): number {
    return this.running.size;
  }

  start(modelDir: string | undefined): {
    signal: AbortSignal;
    isCurrent: () => boolean;
    done: () => void;
  } {
    const controller = new AbortController();
    this.running.add(controller);
    return {
      signal: controller.signal,
      isCurrent: () => !controller.signal.aborted && this.currentModel() === modelDir,
      done: () => this.running.delete(controller),
    };
  }

  /** The model changed or the screen went away: the engine stops, the answers are dropped. */
  abortAll(): void {
    for (const controller of this.running) controller.abort();
    this.running.clear();
  }
}
