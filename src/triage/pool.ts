/**
 * Map `items` through `fn` with at most `concurrency` calls in flight, yielding results in input
 * order. A FIFO window: memory holds at most `concurrency` pending results.
 */
export async function* mapOrdered<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): AsyncGenerator<R> {
  const width = Math.max(1, Math.floor(concurrency));
  const window: Promise<R>[] = [];
  let next = 0;
  const start = (): void => {
    const i = next++;
    // run later so a synchronous throw in fn becomes a rejection of its own slot
    const p = Promise.resolve().then(() => fn(items[i] as T, i));
    p.catch(() => undefined); // a rejection surfaces when its turn comes, never as "unhandled"
    window.push(p);
  };
  while (next < items.length && window.length < width) start();
  while (window.length > 0) {
    const head = window.shift() as Promise<R>;
    const value = await head;
    if (next < items.length) start();
    yield value;
  }
}
