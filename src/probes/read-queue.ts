import type { SipRead } from './types.js';

/**
 * The receiving side of a SIP channel: framed messages wait in a bounded queue until `receive()`
 * asks; the end of the connection (closed / error) is remembered and answered to every later
 * `receive()`; a pending `receive()` resolves as a timeout when its signal aborts. Shared by the
 * socket adapter and the scripted fake channel so both behave alike.
 */
export interface ReadQueue {
  /** a framed message arrived */
  message(text: string): void;
  /** the connection ended; the first end wins */
  end(read: Exclude<SipRead, { type: 'message' | 'timeout' }>): void;
  ended(): boolean;
  receive(signal: AbortSignal): Promise<SipRead>;
}

export function createReadQueue(maxQueued = 64): ReadQueue {
  const queue: string[] = [];
  let ended: SipRead | undefined;
  let waiter: ((r: SipRead) => void) | undefined;
  const hand = (r: SipRead): boolean => {
    if (!waiter) return false;
    const w = waiter;
    waiter = undefined;
    w(r);
    return true;
  };
  return {
    message(text) {
      if (!hand({ type: 'message', text }) && queue.length < maxQueued) queue.push(text);
    },
    end(read) {
      ended ??= read;
      hand(ended);
    },
    ended: () => ended !== undefined,
    receive(signal) {
      const next = queue.shift();
      if (next !== undefined) return Promise.resolve({ type: 'message', text: next });
      if (ended) return Promise.resolve(ended);
      if (signal.aborted) return Promise.resolve({ type: 'timeout' });
      return new Promise<SipRead>((resolve) => {
        const onAbort = (): void => {
          waiter = undefined;
          resolve({ type: 'timeout' });
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter = (r) => {
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        };
      });
    },
  };
}
