/**
 * Stop an async iteration when `signal` aborts, even while the source is blocked (stdin that
 * never ends): the consumer sees a normal end and works with what was read so far.
 */
export async function* interruptible<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  if (signal.aborted) return;
  const it = source[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  let finished = false;
  try {
    while (!signal.aborted) {
      const r = await Promise.race([it.next(), aborted]);
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
