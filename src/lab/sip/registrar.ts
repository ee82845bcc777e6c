/**
 * The lab's SIP registrar: answers REGISTER like a Lync / Skype for Business front end over TLS and TCP on
 * 127.0.0.1. Sockets, framing, limits and timers live here; the answers come from registrar-core.ts.
 */
import net from 'node:net';
import tls from 'node:tls';
import { parseSipMessage } from '../../protocol/sip/parse.js';
import { createSipFramer } from '../../protocol/sip/framer.js';
import { createRegistrarCore, type RegistrarConnection, type RegistrarEvent } from './registrar-core.js';
import { DEFAULT_LIMITS, type RunningSipRegistrar, type SipRegistrarOptions } from './types.js';

export type { SipRegistrarOptions, RegistrarBehaviour, RunningSipRegistrar } from './types.js';

export interface SipRegistrar extends RunningSipRegistrar {
  /** start lines in/out and handshake notes, no secrets */
  events(): readonly RegistrarEvent[];
}

export async function startSipRegistrar(opts: SipRegistrarOptions): Promise<SipRegistrar> {
  if (opts.host !== '127.0.0.1') throw new Error('the lab registrar binds 127.0.0.1 only');
  if (!opts.tls && !opts.tcp) throw new Error('startSipRegistrar: neither tls nor tcp configured');
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const core = createRegistrarCore(opts);
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const attach = (socket: net.Socket, transport: 'tls' | 'tcp'): void => {
    if (sockets.size >= limits.maxConnections) { socket.destroy(); return; }
    sockets.add(socket);
    const mine = new Set<NodeJS.Timeout>();
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      for (const t of mine) { clearTimeout(t); timers.delete(t); }
      mine.clear();
      socket.end();
      // a peer that never reads must not keep the socket alive
      const t = setTimeout(() => socket.destroy(), 1000);
      t.unref();
    };
    const conn: RegistrarConnection = {
      transport,
      localPort: socket.localPort ?? 0,
      send: (text) => { if (!closed && socket.writable) socket.write(text); },
      close,
      later: (ms, fn) => {
        if (closed) return;
        const t = setTimeout(() => { mine.delete(t); timers.delete(t); if (!closed) fn(); }, ms);
        mine.add(t);
        timers.add(t);
      },
    };
    const framer = createSipFramer(limits.maxMessageBytes);
    socket.setTimeout(limits.idleMs, () => close());
    socket.on('data', (chunk: Buffer) => {
      for (const r of framer.push(chunk)) {
        if (closed) return;
        if (r.kind === 'error') { core.malformed(conn, r.head); return; }
        const msg = parseSipMessage(r.text);
        if (!msg) { core.malformed(conn, r.text.slice(0, 2048)); return; }
        try {
          core.handle(conn, msg);
        } catch {
          // a bug in the lab must not take the lab down: drop this connection only
          close();
        }
      }
    });
    socket.on('error', () => { /* peer reset; 'close' follows */ });
    socket.on('close', () => {
      closed = true;
      for (const t of mine) { clearTimeout(t); timers.delete(t); }
      sockets.delete(socket);
    });
  };

  const listen = (server: net.Server, port: number | undefined): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : 0);
      });
    });

  const servers: net.Server[] = [];
  const result: SipRegistrar = {
    events: () => core.events(),
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      sockets.clear();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
  try {
    if (opts.tls) {
      const server = tls.createServer({
        key: opts.tls.key,
        cert: opts.tls.cert,
        ...(opts.tls.minVersion ? { minVersion: opts.tls.minVersion } : {}),
        ...(opts.tls.maxVersion ? { maxVersion: opts.tls.maxVersion } : {}),
        handshakeTimeout: 10_000,
      }, (s) => attach(s, 'tls'));
      server.on('tlsClientError', () => { /* failed handshakes are the client's story */ });
      server.maxConnections = limits.maxConnections;
      servers.push(server);
      result.tlsPort = await listen(server, opts.tls.port);
    }
    if (opts.tcp) {
      const server = net.createServer((s) => attach(s, 'tcp'));
      server.maxConnections = limits.maxConnections;
      servers.push(server);
      result.tcpPort = await listen(server, opts.tcp.port);
    }
  } catch (err) {
    await result.stop();
    throw err;
  }
  return result;
}
