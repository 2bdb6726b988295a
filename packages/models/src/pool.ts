/** Options of `mapConcurrent`. */
export interface MapConcurrentOptions {
  /** Stops starting new items when it aborts; in-flight items finish (default: none). */
  readonly signal?: AbortSignal;
}

/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight, returning results in input order.
 * On the first rejection no new item starts; the calls already in flight are awaited (so their results can be
 * cached) and then the first error is rethrown. Same for an abort of `signal`, which rethrows its reason.
 */
export async function mapConcurrent<T, R>(
  items: Iterable<T> | readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
  options: MapConcurrentOptions = {},
): Promise<R[]> {
  if (!(concurrency >= 1) || !Number.isInteger(concurrency))
    throw new RangeError(`mapConcurrent: concurrency must be a positive integer, got ${concurrency}`);
  const list = Array.isArray(items) ? (items as readonly T[]) : [...items];
  const results: R[] = new Array(list.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < list.length) {
      if (options.signal?.aborted) {
        if (!failed) {
          failed = true;
          firstError = options.signal.reason;
        }
        return;
      }
      const index = next++;
      try {
        results[index] = await fn(list[index]!, index);
      } catch (error) {
        if (!failed) {
          failed = true;
          firstError = error;
        }
        return;
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(concurrency, list.length); i++) workers.push(worker());
  await Promise.all(workers);
  if (failed) throw firstError;
  return results;
}
