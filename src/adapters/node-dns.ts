/**
 * DnsPort on the wire: dns-packet over UDP (TCP when the answer is truncated) to `--dns-server
 * ip[:port]` or to the system's resolvers (/etc/resolv.conf via node:dns getServers), so the probe
 * sees the whole answer: NXDOMAIN vs NODATA vs SERVFAIL, and CNAME chains. Without `--dns-server`,
 * an A name the resolvers do not know is also tried through getaddrinfo (/etc/hosts entries are a
 * common workaround and libpurple honours them).
 */
import dgram from 'node:dgram';
import { getServers, lookup as sysLookup } from 'node:dns';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { DnsAnswer, DnsOutcome, DnsPort, DnsResult, DnsType } from '../probes/types.js';

export interface DnsServerAddress {
  host: string;
  port: number;
}

/** `ip`, `ip:port`, `[v6]:port` → address; undefined when malformed. */
export function parseDnsServer(value: string): DnsServerAddress | undefined {
  const v = value.trim();
  const b = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  const [host, port] = b ? [b[1]!, b[2]] : net.isIPv6(v) ? [v, undefined] : [v.split(':')[0]!, v.split(':')[1]];
  if (!net.isIP(host)) return undefined;
  const p = port === undefined ? 53 : Number(port);
  return Number.isInteger(p) && p > 0 && p < 65536 ? { host, port: p } : undefined;
}

const MAX_CNAME_HOPS = 8;

export function createDnsPort(o: { server?: DnsServerAddress; hostsFallback?: boolean } = {}): DnsPort {
  const servers = (): DnsServerAddress[] => {
    if (o.server) return [o.server];
    return getServers().map((s) => parseDnsServer(s)).filter((s): s is DnsServerAddress => !!s);
  };
  const label = (s: DnsServerAddress): string => (o.server ? `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}` : 'system');
  const memo = new Map<string, Promise<DnsResult>>();

  const query = async (name: string, type: DnsType, signal: AbortSignal): Promise<DnsResult> => {
    const started = performance.now();
    const list = servers();
    let last: DnsResult = { name, type, outcome: 'error', answers: [], server: 'system', error: 'no DNS server configured' };
    for (const s of list) {
      last = await resolveWithChain(s, label(s), name, type, signal);
      if (last.outcome !== 'timeout' && last.outcome !== 'error' && last.outcome !== 'unreachable') break;
      if (signal.aborted) break;
    }
    if (!o.server && o.hostsFallback !== false && type === 'A' && last.outcome !== 'ok' && !signal.aborted) {
      const viaHosts = await systemLookup(name, signal);
      if (viaHosts) last = { name, type, outcome: 'ok', answers: [{ address: viaHosts }], server: 'system (getaddrinfo)' };
    }
    return { ...last, durationMs: Math.round(performance.now() - started) };
  };

  return {
    query(name, type, signal) {
      // one question per run: discovery and the HTTP client's lookups share the answer
      const key = `${type} ${name.toLowerCase()}`;
      let p = memo.get(key);
      if (!p) {
        p = query(name, type, signal);
        memo.set(key, p);
      }
      return p;
    },
  };
}

async function resolveWithChain(s: DnsServerAddress, label: string, name: string, type: DnsType, signal: AbortSignal): Promise<DnsResult> {
  const cnames: string[] = [];
  let current = name;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const r = await exchange(s, current, type, signal);
    const step = answerStep(r, name, type, current, cnames, label);
    if ('result' in step) return step.result;
    current = step.next;
  }
  return { name, type, outcome: 'error', answers: [], server: label, cnames, error: 'CNAME chain too long' };
}

/**
 * One DNS answer read for the question (`name`, `type`) currently asked as `current`: the result,
 * or the next name to ask when a CNAME chain leaves this answer (pushed onto `cnames`). Pure;
 * never throws, whatever the packet holds.
 */
export function answerStep(
  r: Exchange,
  name: string,
  type: DnsType,
  current: string,
  cnames: string[],
  label: string,
): { result: DnsResult } | { next: string } {
  const chain = (): { cnames?: string[] } => (cnames.length ? { cnames } : {});
  if ('error' in r) return { result: { name, type, outcome: r.outcome, answers: [], server: label, error: r.error, ...chain() } };
  const rcode = typeof r.packet.rcode === 'string' ? r.packet.rcode : 'NOERROR';
  const outcome = rcodeOutcome(rcode);
  if (outcome !== 'ok') return { result: { name, type, outcome, answers: [], server: label, ...chain() } };
  const answers = Array.isArray(r.packet.answers) ? r.packet.answers : [];
  const linksBefore = cnames.length;
  // follow the CNAME chain inside this answer
  for (let guard = 0; guard < MAX_CNAME_HOPS; guard++) {
    const c = answers.find((a) => a.type === 'CNAME' && sameName(a.name, current));
    if (!c || type === 'CNAME') break;
    const target = String((c as { data: unknown }).data).replace(/\.$/, '');
    cnames.push(target);
    current = target;
  }
  const found = answers.filter((a) => a.type === type && (type === 'CNAME' || sameName(a.name, current)));
  const usable = found.map(toAnswer).filter((a): a is DnsAnswer => a !== undefined);
  if (usable.length) return { result: { name, type, outcome: 'ok', answers: usable, server: label, ...chain() } };
  if (found.length) return { result: { name, type, outcome: 'error', answers: [], server: label, error: `malformed ${type} records in the answer`, ...chain() } };
  // a chain that leaves the server's answer: ask for the last name again
  if (cnames.length > linksBefore) return { next: current };
  return { result: { name, type, outcome: 'nodata', answers: [], server: label, ...chain() } };
}

/**
 * The bytes of one DNS message as the answer to query `id`: the decoded packet, or undefined when
 * they are not a DNS message or answer another query (UDP keeps waiting then). Never throws.
 */
export function decodeDnsAnswer(bytes: Uint8Array, id: number): Exchange | undefined {
  let packet: dnsPacket.DecodedPacket & { rcode?: string };
  try {
    packet = dnsPacket.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as dnsPacket.DecodedPacket & { rcode?: string };
  } catch {
    return undefined;
  }
  if (packet.id !== id) return undefined;
  if (packet.type !== undefined && packet.type !== 'response') return undefined;
  return { packet };
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
}

function rcodeOutcome(rcode: string): DnsOutcome {
  switch (rcode) {
    case 'NOERROR': return 'ok';
    case 'NXDOMAIN': return 'nxdomain';
    case 'SERVFAIL': return 'servfail';
    case 'REFUSED': return 'refused';
    default: return 'error';
  }
}

function toAnswer(a: dnsPacket.Answer): DnsAnswer | undefined {
  const data = (a as { data?: unknown }).data;
  if (a.type === 'SRV') {
    const d = data as Partial<dnsPacket.SrvData> | undefined;
    if (typeof d?.target !== 'string' || typeof d.port !== 'number') return undefined;
    return { target: d.target.replace(/\.$/, ''), port: d.port, priority: d.priority ?? 0, weight: d.weight ?? 0 };
  }
  if (typeof data !== 'string') return undefined;
  if (a.type === 'CNAME') return { target: data.replace(/\.$/, '') };
  return { address: data };
}

export type Exchange = { packet: dnsPacket.DecodedPacket & { rcode?: string } } | { error: string; outcome: DnsOutcome };

async function exchange(s: DnsServerAddress, name: string, type: DnsType, signal: AbortSignal): Promise<Exchange> {
  const id = Math.floor(Math.random() * 65535);
  const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
  const udp = await udpExchange(s, query, id, signal);
  if ('packet' in udp && udp.packet.flag_tc) return tcpExchange(s, query, id, signal);
  return udp;
}

function udpExchange(s: DnsServerAddress, query: Buffer, id: number, signal: AbortSignal): Promise<Exchange> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket(net.isIPv6(s.host) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (r: Exchange): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      try { sock.close(); } catch { /* already closed */ }
      resolve(r);
    };
    const onAbort = (): void => finish({ error: 'no answer before the timeout', outcome: 'timeout' });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    // a connected socket: the kernel reports ICMP port/host unreachable as ECONNREFUSED/EHOSTUNREACH
    // instead of leaving the query to time out, so "nothing listens" is told from "no answer"
    sock.on('error', (e) => finish(networkFailure(e)));
    sock.on('message', (msg) => {
      // not a DNS answer, or another query's: keep waiting
      const answer = decodeDnsAnswer(msg, id);
      if (answer) finish(answer);
    });
    sock.connect(s.port, s.host, () => {
      sock.send(query, (e) => {
        if (e) finish(networkFailure(e));
      });
    });
  });
}

/** Socket errors that mean the resolver cannot be reached at all (no route, nothing listening, network down). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'ECONNRESET']);

function networkFailure(e: Error): Exchange {
  const code = (e as NodeJS.ErrnoException).code;
  const text = code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  return { error: text, outcome: code && UNREACHABLE_CODES.has(code) ? 'unreachable' : 'error' };
}

function tcpExchange(s: DnsServerAddress, query: Buffer, id: number, signal: AbortSignal): Promise<Exchange> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: s.host, port: s.port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (r: Exchange): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      sock.destroy();
      resolve(r);
    };
    const onAbort = (): void => finish({ error: 'no answer before the timeout', outcome: 'timeout' });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    sock.on('error', (e) => finish(networkFailure(e)));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length > 70_000) return finish({ error: 'DNS answer too large', outcome: 'error' });
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        finish(decodeDnsAnswer(buf.subarray(2, 2 + buf.readUInt16BE(0)), id) ?? { error: 'bad DNS answer (not a DNS message, or for another query)', outcome: 'error' });
      }
    });
    sock.on('close', () => finish({ error: 'connection closed', outcome: 'error' }));
  });
}

function systemLookup(name: string, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const onAbort = (): void => {
      if (!done) (done = true), resolve(undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    sysLookup(name, { family: 4 }, (err, address) => {
      signal.removeEventListener('abort', onAbort);
      if (!done) (done = true), resolve(err ? undefined : address);
    });
  });
}

/**
 * A `lookup` for net.connect / undici that answers from the DnsPort, so HTTP requests use the
 * same resolver (and the same cached answers) as the probes.
 */
export function lookupVia(port: DnsPort, timeoutMs: number): net.LookupFunction {
  return ((hostname: string, options: { all?: boolean } | number | undefined, cb: (...args: unknown[]) => void) => {
    const all = typeof options === 'object' && options?.all === true;
    if (net.isIP(hostname)) {
      const family = net.isIP(hostname);
      return all ? cb(null, [{ address: hostname, family }]) : cb(null, hostname, family);
    }
    port.query(hostname, 'A', AbortSignal.timeout(timeoutMs)).then(
      (r) => {
        const address = r.outcome === 'ok' ? r.answers.find((a) => a.address)?.address : undefined;
        if (!address) {
          const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return cb(e);
        }
        return all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4);
      },
      (e: unknown) => cb(e),
    );
  }) as unknown as net.LookupFunction;
}
