/**
 * TcpPort on node:net. A connection is handed back as a NodeConn (an opaque Conn to the probes);
 * the TLS and SIP adapters unwrap it.
 */
import net from 'node:net';
import { netOutcomeOf } from '../probes/net-errors.js';
import type { Conn, TcpPort, TcpResult } from '../probes/types.js';

export class NodeConn implements Conn {
  /** the last socket error (a listener must always exist, or Node throws it) */
  lastError: Error | undefined;
  constructor(readonly socket: net.Socket) {
    socket.on('error', (e) => {
      this.lastError = e;
    });
  }
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }
  get localPort(): number | undefined {
    return this.socket.localPort;
  }
  close(): void {
    this.socket.destroy();
  }
}

export function asNodeConn(conn: Conn): NodeConn {
  if (!(conn instanceof NodeConn)) throw new TypeError('not a connection made by the node adapters');
  return conn;
}

export function createTcpPort(): TcpPort {
  return {
    connect({ address, port, signal }) {
      return new Promise<TcpResult>((resolve) => {
        const started = performance.now();
        const sock = net.connect({ host: address, port });
        let done = false;
        const finish = (r: Omit<TcpResult, 'address' | 'durationMs'>): void => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', onAbort);
          sock.removeAllListeners('connect');
          resolve({ ...r, address, durationMs: performance.now() - started });
        };
        const onAbort = (): void => {
          sock.destroy();
          finish({ outcome: 'timeout', error: 'no connection before the timeout' });
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        sock.once('connect', () => finish({ outcome: 'ok', conn: new NodeConn(sock) }));
        sock.once('error', (e) => {
          sock.destroy();
          finish({ outcome: netOutcomeOf(e), error: (e as NodeJS.ErrnoException).code ?? e.message });
        });
      });
    },
  };
}
