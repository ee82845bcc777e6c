/**
 * Authoritative DNS over UDP and TCP on loopback, answering from a CompiledZone (zone.ts).
 * Encoding via dns-packet. Bounded: UDP queries over 4 KiB are dropped, UDP answers over 512
 * bytes (or the EDNS size) are truncated with TC set, TCP connections are capped and time out.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import { lookup, type CompiledZone, type LookupResult } from './zone.js';

export interface DnsServerOptions {
  zone: CompiledZone;
  host?: string;
  /** 0 / absent = random (UDP and TCP share the port) */
  port?: number;
}

export interface RunningDnsServer {
  host: string;
  port: number;
  /** questions seen, for tests and the lab's own display (`SRV _sip._tls.corp.example`) */
  queries: string[];
  stop(): Promise<void>;
}

const MAX_QUERY = 4096;
const MAX_TCP_CONNECTIONS = 64;
const TCP_IDLE_MS = 10_000;
const MAX_LOGGED_QUERIES = 1000;
const RCODE: Record<string, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, FORMERR: 1 };

/** Builds the response packet for a decoded query (without truncation). */
function respond(query: DecodedPacket, zone: CompiledZone, log: string[]): { result: LookupResult; build(r: LookupResult): Packet } {
  const q = query.questions?.[0];
  const build = (r: LookupResult): Packet => {
    const final = r.action === 'answer' ? r : { action: 'answer' as const, rcode: 'SERVFAIL' as const, authoritative: false, answers: [], authorities: [] };
    let flags = RCODE[final.rcode] ?? 2;
    if (final.authoritative) flags |= dnsPacket.AUTHORITATIVE_ANSWER;
    if (query.flag_rd) flags |= dnsPacket.RECURSION_DESIRED;
    return {
      type: 'response', id: query.id ?? 0, flags,
      questions: q ? [q] : [],
      answers: final.answers, authorities: final.authorities, additionals: [],
    };
  };
  if (!q || (query.questions?.length ?? 0) !== 1 || (query as DecodedPacket & { opcode?: string }).opcode !== 'QUERY') {
    return { result: { action: 'answer', rcode: 'NOTIMP', authoritative: false, answers: [], authorities: [] }, build };
  }
  if (log.length < MAX_LOGGED_QUERIES) log.push(`${q.type} ${q.name}`);
  return { result: lookup(zone, q.name, q.type), build };
}

/** EDNS payload size the client advertised, or 512. */
function udpLimit(query: DecodedPacket): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT') as (Answer & { udpPayloadSize?: number }) | undefined;
  const size = opt?.udpPayloadSize ?? 512;
  return Math.max(512, Math.min(size, 4096));
}

function encodeUdp(packet: Packet, limit: number): Buffer {
  const full = dnsPacket.encode(packet);
  if (full.length <= limit) return full;
  return dnsPacket.encode({ ...packet, flags: (packet.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [], additionals: [] });
}

export async function startDnsServer(opts: DnsServerOptions): Promise<RunningDnsServer> {
  const host = opts.host ?? '127.0.0.1';
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const queries: string[] = [];
  let stopped = false;

  /** runs a lookup result, honouring delays; `send` is skipped once stopped */
  const settle = (r: LookupResult, send: (r: LookupResult) => void): void => {
    if (stopped) return;
    if (r.action === 'drop') return;
    if (r.action === 'delay') {
      const t = setTimeout(() => { timers.delete(t); settle(r.then, send); }, r.ms);
      timers.add(t);
      return;
    }
    send(r);
  };

  const onUdp = (udp: UdpSocket, msg: Buffer, rinfo: { port: number; address: string }): void => {
    if (msg.length > MAX_QUERY || msg.length < 12) return;
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // garbage: an authoritative server may ignore it
    }
    if (query.type !== 'query') return;
    const { result, build } = respond(query, opts.zone, queries);
    settle(result, (r) => {
      try {
        udp.send(encodeUdp(build(r), udpLimit(query)), rinfo.port, rinfo.address);
      } catch { /* socket closed */ }
    });
  };
  const makeUdp = (): UdpSocket => {
    const s = createSocket({ type: 'udp4' });
    s.on('message', (msg, rinfo) => onUdp(s, msg, rinfo));
    return s;
  };

  const tcp: Server = createServer((sock) => {
    if (sockets.size >= MAX_TCP_CONNECTIONS) {
      sock.destroy();
      return;
    }
    sockets.add(sock);
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > 2 + 65_535) {
        sock.destroy();
        return;
      }
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        let query: DecodedPacket;
        try {
          query = dnsPacket.decode(msg);
        } catch {
          sock.destroy();
          return;
        }
        const { result, build } = respond(query, opts.zone, queries);
        settle(result, (r) => {
          if (sock.destroyed) return;
          const out = dnsPacket.encode(build(r));
          const frame = Buffer.alloc(2);
          frame.writeUInt16BE(out.length);
          sock.write(Buffer.concat([frame, out]));
        });
      }
    });
  });
  tcp.maxConnections = MAX_TCP_CONNECTIONS;

  const { udp, port } = await bindBoth(makeUdp, tcp, host, opts.port ?? 0);
  udp.on('error', () => { /* keep serving; errors on send are per datagram */ });

  return {
    host,
    port,
    queries,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((r) => udp.close(() => r())),
        new Promise<void>((r) => tcp.close(() => r())),
      ]);
    },
  };
}

/** Binds UDP first (random port when 0) and TCP on the same number; retries when TCP is taken. */
async function bindBoth(makeUdp: () => UdpSocket, tcp: Server, host: string, wanted: number): Promise<{ udp: UdpSocket; port: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = makeUdp();
    const port = await new Promise<number>((resolve, reject) => {
      const onErr = (e: Error): void => reject(e);
      udp.once('error', onErr);
      udp.bind(wanted, host, () => {
        udp.off('error', onErr);
        resolve(udp.address().port);
      });
    }).catch((e: unknown) => {
      udp.close();
      throw e;
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const onErr = (e: Error): void => reject(e);
        tcp.once('error', onErr);
        tcp.listen(port, host, () => {
          tcp.off('error', onErr);
          resolve();
        });
      });
      return { udp, port };
    } catch (e) {
      lastError = e;
      await new Promise<void>((r) => udp.close(() => r()));
      if (wanted !== 0) throw e;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('could not bind a DNS port');
}
