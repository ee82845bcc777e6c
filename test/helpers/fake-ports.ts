/**
 * In-memory NetPorts for probe tests: a DNS map, scripted TCP/TLS outcomes per host:port, a
 * scripted SIP server, and undici's MockAgent (net connect disabled) for HTTP.
 */
import { MockAgent } from 'undici';
import { createReadQueue } from '../../src/probes/read-queue.js';
import { parseSipMessage } from '../../src/protocol/sip/parse.js';
import type { SipMessage } from '../../src/protocol/sip/types.js';
import type { CertSummary, Conn, DnsAnswer, DnsOutcome, DnsResult, DnsType, NetPorts, SipChannel, TlsResult } from '../../src/probes/types.js';

export type FakeDnsEntry = { outcome?: DnsOutcome; answers?: DnsAnswer[]; cnames?: string[]; delayMs?: number; throws?: boolean };

export interface FakeEndpoint {
  tcp?: 'ok' | 'refused' | 'timeout' | 'throws';
  tls?: Partial<TlsResult> & { outcome?: TlsResult['outcome'] };
  /** TLS result when the probe retries with minVersion TLSv1 */
  tlsOld?: Partial<TlsResult>;
  /** answers per request; return undefined for silence, 'close' to drop the connection */
  sip?: (req: SipMessage, n: number) => string | string[] | 'close' | undefined;
}

export const GOOD_CERT = (host: string): CertSummary => ({
  subject: `CN=${host}`,
  issuer: 'CN=Test CA',
  altNames: [host],
  notBefore: '2020-01-01T00:00:00.000Z',
  notAfter: '2099-01-01T00:00:00.000Z',
  selfSigned: false,
});

class FakeConn implements Conn {
  closed = false;
  readonly localAddress = '192.0.2.10';
  readonly localPort = 50000;
  constructor(readonly key: string, readonly tls: boolean) {}
  close(): void {
    this.closed = true;
  }
}

export interface FakePorts extends NetPorts {
  mock: MockAgent;
  dnsQueries: { name: string; type: DnsType; at: number }[];
  /** concurrent DNS queries at their peak */
  maxConcurrentDns(): number;
  sipRequests: SipMessage[];
  tcpConnects: string[];
}

const sleep = (ms: number, signal: AbortSignal): Promise<boolean> =>
  new Promise((r) => {
    if (signal.aborted) return r(false);
    const t = setTimeout(() => r(true), ms);
    signal.addEventListener('abort', () => (clearTimeout(t), r(false)), { once: true });
  });

export function createFakePorts(o: {
  dns?: Record<string, FakeDnsEntry>;
  endpoints?: Record<string, FakeEndpoint>;
  dnsDelayMs?: number;
}): FakePorts {
  const mock = new MockAgent();
  mock.disableNetConnect();
  const dnsQueries: FakePorts['dnsQueries'] = [];
  let active = 0;
  let peak = 0;
  const sipRequests: SipMessage[] = [];
  const tcpConnects: string[] = [];
  const started = performance.now();

  const ports: FakePorts = {
    mock,
    dnsQueries,
    maxConcurrentDns: () => peak,
    sipRequests,
    tcpConnects,
    http: mock,
    dns: {
      async query(name, type, signal): Promise<DnsResult> {
        dnsQueries.push({ name, type, at: performance.now() - started });
        active++;
        peak = Math.max(peak, active);
        try {
          const e = o.dns?.[`${type} ${name.toLowerCase()}`];
          const delay = e?.delayMs ?? o.dnsDelayMs ?? 0;
          if (delay && !(await sleep(delay, signal))) return { name, type, outcome: 'timeout', answers: [], server: 'fake' };
          if (e?.throws) throw new Error('resolver exploded');
          if (!e) return { name, type, outcome: 'nxdomain', answers: [], server: 'fake' };
          return { name, type, outcome: e.outcome ?? 'ok', answers: e.answers ?? [], ...(e.cnames ? { cnames: e.cnames } : {}), server: 'fake' };
        } finally {
          active--;
        }
      },
    },
    tcp: {
      async connect({ host, port, address, signal }) {
        const key = `${host}:${port}`;
        tcpConnects.push(key);
        const ep = o.endpoints?.[key];
        const mode = ep?.tcp ?? (ep ? 'ok' : 'refused');
        if (mode === 'throws') throw Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' });
        if (mode === 'timeout') {
          await sleep(60_000, signal);
          return { outcome: 'timeout', address, durationMs: 0, error: 'no connection before the timeout' };
        }
        if (mode === 'refused') return { outcome: 'refused', address, durationMs: 1, error: 'ECONNREFUSED' };
        return { outcome: 'ok', address, durationMs: 2, conn: new FakeConn(key, false) };
      },
    },
    tls: {
      async handshake({ conn, minVersion, host, signal }) {
        const c = conn as FakeConn;
        const ep = o.endpoints?.[c.key];
        const spec = minVersion ? ep?.tlsOld ?? ep?.tls : ep?.tls;
        if (spec?.outcome === 'timeout') {
          await sleep(60_000, signal);
          return { outcome: 'timeout', chain: [], durationMs: 0 };
        }
        const outcome = spec?.outcome ?? 'ok';
        return {
          protocol: 'TLSv1.3',
          cipher: 'TLS_AES_256_GCM_SHA384',
          chain: [GOOD_CERT(host)],
          durationMs: 3,
          ...spec,
          outcome,
          ...(outcome === 'ok' ? { conn: new FakeConn(c.key, true) } : {}),
        } as TlsResult;
      },
    },
    sip: {
      channel(conn): SipChannel {
        const c = conn as FakeConn;
        const ep = o.endpoints?.[c.key];
        const reads = createReadQueue(Number.MAX_SAFE_INTEGER);
        let n = 0;
        let closed = false;
        return {
          local: { address: '192.0.2.10', port: 50000 },
          async send(text) {
            if (closed) return { ok: false, error: 'closed' };
            const req = parseSipMessage(text);
            if (!req) return { ok: true };
            sipRequests.push(req);
            const answer = ep?.sip?.(req, n++);
            if (answer === 'close') {
              closed = true;
              queueMicrotask(() => reads.end({ type: 'closed' }));
            } else if (answer !== undefined) {
              for (const a of Array.isArray(answer) ? answer : [answer]) queueMicrotask(() => reads.message(a));
            }
            return { ok: true };
          },
          receive: (signal) => reads.receive(signal),
          close() {
            closed = true;
          },
        };
      },
    },
  };
  return ports;
}

/** A SIP response to `req` with the given status line and extra header lines. */
export function sipResponse(req: SipMessage, status: string, extra: string[] = []): string {
  const h = (name: string): string => req.headers.find((x) => x.name.toLowerCase() === name.toLowerCase())?.value ?? '';
  return [
    `SIP/2.0 ${status}`,
    `Via: ${h('Via')}`,
    `From: ${h('From')}`,
    `To: ${h('To')};tag=srv1`,
    `Call-ID: ${h('Call-ID')}`,
    `CSeq: ${h('CSeq')}`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
