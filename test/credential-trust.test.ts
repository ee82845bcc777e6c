/**
 * Credentials follow trust, transitively: check sends a password or anything derived from it (NTLM
 * AUTHENTICATE, web-ticket requests) only to a host whose certificate verified, reached over a path
 * whose every step verified. Each case starts capturing fake servers on loopback, lets an
 * unverified peer steer check towards a verified one, and asserts that nothing password-derived
 * arrived anywhere, and that the report says what was not tested and why.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHttpDispatcher } from '../src/adapters/undici-http.js';
import { trustContext } from '../src/adapters/node-tls.js';
import { main } from '../src/cli/main.js';
import { createLabPki, type LabPki } from '../src/lab/certs.js';
import { startDnsServer, type RunningDnsServer } from '../src/lab/dns/server.js';
import { AUTODISCOVER_XML, certProvMex, userXml, webTicketMex } from '../src/lab/https/documents.js';
import { createFakeIo } from './helpers/fake-io.js';
import { ntlmChallengeB64, sipAnswer, startHttpServer, startSipServer, type FakeHttpServer, type FakeSipServer, type HttpScript } from './helpers/capture-servers.js';

const PASSWORD = 'Hunter2-Steered!';
let pki: LabPki;
const running: { close(): Promise<void> }[] = [];
const keep = <T extends { close(): Promise<void> }>(s: T): T => (running.push(s), s);

beforeAll(async () => {
  pki = await createLabPki(['trusted.corp.test', 'lyncdiscoverinternal.corp.test', 'lyncdiscover.corp.test']);
}, 30_000);
afterAll(async () => pki?.cleanup());
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

interface JsonReport {
  verdict: { rootCause: string | null; outcome: string; summary: string };
  findings: { role: string; rootCause: string; ruleId: string; message?: string }[];
  warnings?: string[];
}

/** A verified HTTPS web-ticket service that asks for NTLM and would take the AUTHENTICATE. */
async function webTicketService(): Promise<FakeHttpServer> {
  const valid = pki.certs.valid;
  let base = '';
  const s: FakeHttpServer = keep(await startHttpServer({
    tls: { key: valid.keyPem, cert: valid.certPem },
    script: (r): ReturnType<HttpScript> => {
      if (r.url.endsWith('/CertProv/mex')) return { status: 200, headers: { 'content-type': 'text/xml' }, body: certProvMex(`${base}/WebTicket/WebTicketService.svc`, `${base}/CertProv/CertProvisioningService.svc`) };
      if (r.url.endsWith('/WebTicket/WebTicketService.svc/mex')) return { status: 200, headers: { 'content-type': 'text/xml' }, body: webTicketMex({ winNegotiate: `${base}/WebTicket/WebTicketService.svc/WebTicket_Proof` }) };
      const auth = String(r.headers.authorization ?? '');
      if (/^NTLM /.test(auth)) return { status: 401, headers: { 'www-authenticate': `NTLM ${ntlmChallengeB64()}` } };
      return { status: 401, headers: { 'www-authenticate': ['Negotiate', 'NTLM'] } };
    },
  }));
  base = s.origin;
  return s;
}

/** A registrar that answers every REGISTER 401 with the given challenges. */
async function registrar(o: { tls?: boolean; challenges: (n: number) => string[] }): Promise<FakeSipServer> {
  const bad = pki.certs['self-signed'];
  return keep(await startSipServer({
    ...(o.tls ? { tls: { key: bad.keyPem, cert: bad.certPem } } : {}),
    script: (req) => sipAnswer(req, 401, 'Unauthorized', o.challenges(req.n).map((c) => `WWW-Authenticate: ${c}`)),
  }));
}

/** A verified TLS registrar (lab certificate for trusted.corp.test and 127.0.0.1) that completes NTLM. */
async function ntlmRegistrar(): Promise<FakeSipServer> {
  const valid = pki.certs.valid;
  const offer = 'realm="SIP Communications Service", targetname="fe01.corp.test", version=4';
  return keep(await startSipServer({
    tls: { key: valid.keyPem, cert: valid.certPem },
    script: (req) => {
      const auth = req.header('Authorization');
      if (!auth) return sipAnswer(req, 401, 'Unauthorized', [`WWW-Authenticate: NTLM ${offer}`]);
      if (/gssapi-data=""/.test(auth)) return sipAnswer(req, 401, 'Unauthorized', [`WWW-Authenticate: NTLM opaque="ABCD", gssapi-data="${ntlmChallengeB64()}", ${offer}`]);
      return sipAnswer(req, 200, 'OK', ['Expires: 900']);
    },
  }));
}

async function dnsFor(names: string[]): Promise<RunningDnsServer> {
  const dns = await startDnsServer({ zone: { origins: ['corp.test'], entries: names.map((name) => ({ name, type: 'A' as const, address: '127.0.0.1', ttl: 60 })), faults: [] } });
  running.push({ close: () => dns.stop() });
  return dns;
}

/** Autodiscover over HTTP and HTTPS (each may be absent) naming `server`:`port` in a User element. */
async function autodiscover(o: { http: boolean; httpsCert?: 'valid' | 'self-signed'; sipPort: number }): Promise<{ http?: FakeHttpServer; https?: FakeHttpServer }> {
  const user = (): { status: number; headers: Record<string, string>; body: string } => ({
    status: 200,
    headers: { 'content-type': AUTODISCOVER_XML },
    body: userXml({ accessLocation: 'Internal', sipClientInternal: { fqdn: 'trusted.corp.test', port: o.sipPort }, links: [] }),
  });
  const out: { http?: FakeHttpServer; https?: FakeHttpServer } = {};
  if (o.http) out.http = keep(await startHttpServer({ script: user }));
  if (o.httpsCert) {
    const c = pki.certs[o.httpsCert];
    out.https = keep(await startHttpServer({ tls: { key: c.keyPem, cert: c.certPem }, script: user }));
  }
  return out;
}

async function check(args: string[]): Promise<{ code: number; report: JsonReport; out: string; err: string }> {
  const io = createFakeIo({ env: { SIPE_DOCTOR_PASSWORD: PASSWORD }, now: new Date() });
  const code = await main(['check', 'alice@corp.test', '--ca', pki.caFile, '--timeout', '2000ms', '--budget', '10000ms', '--no-ua-negotiation', '--json', ...args], io);
  return { code, report: JSON.parse(io.out()) as JsonReport, out: io.out(), err: io.err() };
}

describe('credentials follow trust', () => {
  it('plain TCP registrar hands out an sts-uri: the verified HTTPS host gets no credential', async () => {
    const wt = await webTicketService();
    const sip = await registrar({ challenges: () => [`TLS-DSK realm="SIP Communications Service", version=4, sts-uri="${wt.origin}/CertProv/mex"`.replace('/mex', '')] });
    const r = await check(['--server', `127.0.0.1:${sip.port}`, '--transport', 'tcp']);
    expect(wt.sawCredential(PASSWORD)).toBe(false);
    expect(sip.sawCredential(PASSWORD)).toBe(false);
    expect(wt.requests.some((q) => q.headers.authorization)).toBe(false);
    expect(r.out).toMatch(/not tested/i);
    expect(r.out).toMatch(/unencrypted TCP/);
    expect(r.out).not.toContain(PASSWORD);
  }, 20_000);

  it('--insecure TLS registrar (bad certificate) hands out an sts-uri: no credential follows it', async () => {
    const wt = await webTicketService();
    const sip = await registrar({ tls: true, challenges: () => [`TLS-DSK realm="SIP Communications Service", version=4, sts-uri="${wt.origin}/CertProv"`] });
    const r = await check(['--server', `127.0.0.1:${sip.port}`, '--transport', 'tls', '--insecure']);
    expect(wt.sawCredential(PASSWORD)).toBe(false);
    expect(sip.sawCredential(PASSWORD)).toBe(false);
    expect(r.out).toMatch(/failed validation/);
  }, 20_000);

  it('--insecure TLS registrar asking for NTLM gets no AUTHENTICATE', async () => {
    const sip = await registrar({ tls: true, challenges: (n) => n === 1 ? ['NTLM realm="SIP Communications Service", targetname="fe01.corp.test", version=4'] : [`NTLM opaque="1", gssapi-data="${ntlmChallengeB64()}", targetname="fe01.corp.test", realm="SIP Communications Service", version=4`] });
    await check(['--server', `127.0.0.1:${sip.port}`, '--transport', 'tls', '--insecure']);
    expect(sip.sawCredential(PASSWORD)).toBe(false);
  }, 20_000);

  it('autodiscover over plain HTTP (HTTPS answer has an untrusted certificate) names a verified registrar: no AUTHENTICATE reaches it', async () => {
    const sip = await ntlmRegistrar();
    const ad = await autodiscover({ http: true, httpsCert: 'self-signed', sipPort: sip.port });
    const dns = await dnsFor(['lyncdiscoverinternal.corp.test', 'lyncdiscover.corp.test', 'trusted.corp.test']);
    const r = await check(['--dns-server', `127.0.0.1:${dns.port}`, '--transport', 'tls', '--port-map', `80=${ad.http!.port},443=${ad.https!.port}`]);
    expect(sip.connections()).toBeGreaterThan(0); // check did go there (SIPE would)
    expect(sip.sawCredential(PASSWORD)).toBe(false);
    expect(r.out).toMatch(/plain HTTP/);
    expect(r.report.findings.some((f) => f.rootCause === 'credentials-unprotected')).toBe(true);
  }, 20_000);

  it('control: the same registrar named by verified HTTPS autodiscover gets the NTLM AUTHENTICATE', async () => {
    const sip = await ntlmRegistrar();
    const ad = await autodiscover({ http: true, httpsCert: 'valid', sipPort: sip.port });
    const dns = await dnsFor(['lyncdiscoverinternal.corp.test', 'lyncdiscover.corp.test', 'trusted.corp.test']);
    const r = await check(['--dns-server', `127.0.0.1:${dns.port}`, '--transport', 'tls', '--port-map', `80=${ad.http!.port},443=${ad.https!.port}`]);
    expect(sip.text()).toContain('TlRMTVNTUAAD');
    expect(r.code, r.err + r.report.verdict.summary).toBe(0);
  }, 20_000);

  it('a 301 from a plain-TCP registrar to a verified TLS registrar: no AUTHENTICATE follows the redirect', async () => {
    const home = await ntlmRegistrar();
    const front = keep(await startSipServer({ script: (req) => sipAnswer(req, 301, 'Moved Permanently', [`Contact: <sip:trusted.corp.test:${home.port};transport=tls>`]) }));
    const dns = await dnsFor(['trusted.corp.test']);
    const r = await check(['--server', `127.0.0.1:${front.port}`, '--transport', 'tcp', '--dns-server', `127.0.0.1:${dns.port}`]);
    expect(home.connections()).toBeGreaterThan(0);
    expect(home.sawCredential(PASSWORD)).toBe(false);
    expect(front.sawCredential(PASSWORD)).toBe(false);
    expect(r.out).toMatch(/301 redirect/);
  }, 20_000);

  it('through a CONNECT proxy the origin certificate is verified against the origin, not the proxy', async () => {
    const ok = keep(await startHttpServer({ tls: { key: pki.certs.valid.keyPem, cert: pki.certs.valid.certPem }, script: () => ({ status: 200, body: 'fine' }) }));
    const bad = keep(await startHttpServer({ tls: { key: pki.certs['self-signed'].keyPem, cert: pki.certs['self-signed'].certPem }, script: () => ({ status: 200, body: 'should not be reached' }) }));
    const sockets = new Set<net.Socket>();
    const tunnel = net.createServer((c) => {
      sockets.add(c);
      c.on('error', () => undefined);
      c.once('data', (d: Buffer) => {
        const m = /^CONNECT ([^:\s]+):(\d+)/.exec(d.toString('latin1'));
        if (!m) return void c.destroy();
        const up = net.connect({ host: m[1]!, port: Number(m[2]) }, () => {
          c.write('HTTP/1.1 200 Connection established\r\n\r\n');
          c.pipe(up).pipe(c);
        });
        sockets.add(up);
        up.on('error', () => c.destroy());
      });
    });
    await new Promise<void>((r) => tunnel.listen(0, '127.0.0.1', r));
    running.push({ close: () => new Promise<void>((r) => { for (const x of sockets) x.destroy(); tunnel.close(() => r()); }) });
    const d = createHttpDispatcher({ proxy: `http://127.0.0.1:${(tunnel.address() as AddressInfo).port}`, secureContext: trustContext([pki.caPem]), connectTimeoutMs: 3000 });
    try {
      const res = await d.request({ origin: ok.origin, path: '/', method: 'GET' });
      expect(res.statusCode).toBe(200);
      await res.body.text();
      await expect(d.request({ origin: bad.origin, path: '/', method: 'GET', headers: { authorization: 'NTLM secret' } })).rejects.toThrow();
      expect(bad.requests).toHaveLength(0);
    } finally {
      await d.destroy();
    }
  }, 20_000);
});
