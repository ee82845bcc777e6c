/**
 * `dispatcher.request()` that settles when `signal` fires, whatever the dispatcher does: undici
 * does not abort a request whose connection is still being made (a silent proxy), so the budget
 * and Ctrl-C would wait for the connect timeout. A late answer is drained and dropped.
 */
import type { Dispatcher } from 'undici';

export function requestWithin(d: Dispatcher, opts: Dispatcher.RequestOptions & { signal: AbortSignal }): Promise<Dispatcher.ResponseData> {
  const signal = opts.signal;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    d.request(opts).then(
      (res) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return void res.body.destroy();
        settled = true;
        resolve(res);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(e);
      },
    );
  });
}

function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error && (r.name === 'TimeoutError' || r.name === 'AbortError')) return r;
  return Object.assign(new Error(r instanceof Error ? r.message : 'aborted'), { name: 'AbortError' });
}
