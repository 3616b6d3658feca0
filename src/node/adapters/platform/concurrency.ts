/**
 * Runs `task` over a stream of items with at most `limit` in flight. The source is pulled only as
 * tasks finish, so a 100,000-file walk never queues more than `limit` items in memory.
 */
export async function forEachBounded<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError('limit must be a positive integer');
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of items) {
    if (failure) break;
    const promise = task(item).then(
      () => {
        running.delete(promise);
      },
      (error: unknown) => {
        running.delete(promise);
        failure ??= { error };
      },
    );
    running.add(promise);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
