/** SipPort on a node socket (plain TCP or TLS): framed messages in a bounded queue. */
import { netOutcomeOf } from '../probes/net-errors.js';
import { createSipFramer } from '../probes/sip-framer.js';
import type { Conn, SipChannel, SipPort, SipRead } from '../probes/types.js';
import { asNodeConn } from './node-net.js';

const MAX_QUEUE = 64;

export function createSipPort(): SipPort {
  return {
    channel(conn: Conn): SipChannel {
      const nodeConn = asNodeConn(conn);
      const sock = nodeConn.socket;
      const framer = createSipFramer();
      const queue: string[] = [];
      let ended: SipRead | undefined;
      let waiter: ((r: SipRead) => void) | undefined;
      const deliver = (r: SipRead): void => {
        if (waiter) {
          const w = waiter;
          waiter = undefined;
          w(r);
        } else if (r.type === 'message') {
          if (queue.length < MAX_QUEUE) queue.push(r.text);
        }
      };
      sock.on('data', (d: Buffer) => {
        for (const f of framer.push(d)) {
          if (f.kind === 'message') deliver({ type: 'message', text: f.text });
          else {
            ended = { type: 'error', outcome: 'error', error: f.error };
            deliver(ended);
            sock.destroy();
          }
        }
      });
      sock.on('error', (e) => {
        ended ??= { type: 'error', outcome: netOutcomeOf(e), error: (e as NodeJS.ErrnoException).code ?? e.message };
        deliver(ended);
      });
      sock.on('close', () => {
        ended ??= { type: 'closed' };
        deliver(ended);
      });
      if (sock.destroyed) ended = { type: 'closed' };
      return {
        local: { address: sock.localAddress ?? '127.0.0.1', port: sock.localPort ?? 0 },
        send(text) {
          if (ended || sock.destroyed || !sock.writable) return Promise.resolve({ ok: false, error: 'connection closed' });
          return new Promise((resolve) => {
            sock.write(text, (e) => resolve(e ? { ok: false, error: e.message } : { ok: true }));
          });
        },
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
        close() {
          sock.destroy();
        },
      };
    },
  };
}
