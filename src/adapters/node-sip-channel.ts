/** SipPort on a node socket (plain TCP or TLS): framed messages in a bounded queue. */
import { netOutcomeOf } from '../probes/net-errors.js';
import { createSipFramer } from '../protocol/sip/framer.js';
import { createReadQueue } from '../probes/read-queue.js';
import type { Conn, SipChannel, SipPort } from '../probes/types.js';
import { asNodeConn } from './node-net.js';

const MAX_QUEUE = 64;

export function createSipPort(): SipPort {
  return {
    channel(conn: Conn): SipChannel {
      const nodeConn = asNodeConn(conn);
      const sock = nodeConn.socket;
      const framer = createSipFramer();
      const reads = createReadQueue(MAX_QUEUE);
      sock.on('data', (d: Buffer) => {
        for (const f of framer.push(d)) {
          if (f.kind === 'message') reads.message(f.text);
          else {
            reads.end({ type: 'error', outcome: 'error', error: f.detail, malformed: true });
            sock.destroy();
          }
        }
      });
      sock.on('error', (e) => reads.end({ type: 'error', outcome: netOutcomeOf(e), error: (e as NodeJS.ErrnoException).code ?? e.message }));
      sock.on('close', () => reads.end({ type: 'closed' }));
      if (sock.destroyed) reads.end({ type: 'closed' });
      return {
        local: { address: sock.localAddress ?? '127.0.0.1', port: sock.localPort ?? 0 },
        send(text) {
          if (reads.ended() || sock.destroyed || !sock.writable) return Promise.resolve({ ok: false, error: 'connection closed' });
          return new Promise((resolve) => {
            sock.write(text, (e) => resolve(e ? { ok: false, error: e.message } : { ok: true }));
          });
        },
        receive: (signal) => reads.receive(signal),
        close() {
          sock.destroy();
        },
      };
    },
  };
}
