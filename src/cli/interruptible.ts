/**
 * Stop an async iteration when `signal` aborts: the consumer sees a normal end and works with
 * what was read so far. With `mayBlock` (stdin, pipes) each step is raced against the abort, so
 * a source that never delivers another line is left behind; files check the flag between lines
 * only, which costs nothing (a race per line doubles the read time of a large log).
 */
export async function* interruptible<T>(source: AsyncIterable<T>, signal: AbortSignal, opts: { mayBlock?: boolean } = {}): AsyncGenerator<T> {
  if (signal.aborted) return;
  const it = source[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = opts.mayBlock
    ? new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        signal.addEventListener('abort', onAbort, { once: true });
      })
    : undefined;
  let finished = false;
  try {
    while (!signal.aborted) {
      const r = aborted ? await Promise.race([it.next(), aborted]) : await it.next();
      if (r === 'aborted') return;
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    // close the file / stream behind the source; don't wait: a blocked read may never settle
    if (!finished) void it.return?.()?.catch?.(() => undefined);
  }
}
