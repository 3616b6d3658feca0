/**
 * Lets the event loop run once: I/O callbacks (a cache write's next step) and messages (a cancel)
 * that arrived meanwhile. Work that resolves without a macrotask, as the text encoder's inference
 * does, would otherwise hold them all until it ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
