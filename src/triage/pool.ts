/**
 * Map `items` (an array or a stream of them) through `fn` with at most `concurrency` calls in
 * flight, yielding results in input order. A FIFO window: memory holds at most `concurrency`
 * pending results, and items are pulled from the source only as the window has room.
 */
export async function* mapOrdered<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R> {
  const width = Math.max(1, Math.floor(concurrency));
  const source: Iterator<T> | AsyncIterator<T> =
    Symbol.asyncIterator in items ? (items as AsyncIterable<T>)[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  const window: Promise<R>[] = [];
  let next = 0;
  let exhausted = false;
  const start = (item: T): void => {
    const i = next++;
    // run later so a synchronous throw in fn becomes a rejection of its own slot
    const p = Promise.resolve().then(() => fn(item, i));
    p.catch(() => undefined); // a rejection surfaces when its turn comes, never as "unhandled"
    window.push(p);
  };
  const fill = async (): Promise<void> => {
    while (!exhausted && window.length < width) {
      const r = await source.next();
      if (r.done) exhausted = true;
      else start(r.value);
    }
  };
  try {
    await fill();
    while (window.length > 0) {
      const head = window.shift() as Promise<R>;
      const value = await head;
      await fill();
      yield value;
    }
  } finally {
    if (!exhausted) await source.return?.();
  }
}
