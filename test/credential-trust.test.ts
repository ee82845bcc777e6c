/**
 * Credentials follow trust, transitively: check sends a password or anything derived from it (NTLM
 * AUTHENTICATE, web-ticket requests) only to a host whose certificate verified, reached over a path
 * whose every step verified. Each case starts capturing fake servers on loopback, lets an
 * unverified peer steer check towards a verified one, and asserts that nothing password-derived
 * arrived anywhere, and that the report says what was not tested and why.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createLabPki, type LabPki } from '../src/lab/certs.js';
import { certProvMex, webTicketMex } from '../src/lab/https/documents.js';
import { createFakeIo } from './helpers/fake-io.js';
import { ntlmChallengeB64, sipAnswer, startHttpServer, startSipServer, type FakeHttpServer, type FakeSipServer } from './helpers/capture-servers.js';

const PASSWORD = 'Hunter2-Steered!';
let pki: LabPki;
const running: { close(): Promise<void> }[] = [];
const keep = <T extends { close(): Promise<void> }>(s: T): T => (running.push(s), s);

beforeAll(async () => {
  pki = await createLabPki(['trusted.corp.test']);
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
  const s = keep(await startHttpServer({
    tls: { key: valid.keyPem, cert: valid.certPem },
    script: (r) => {
      if (r.url.endsWith('/CertProv/mex')) return { status: 200, headers: { 'content-type': 'text/xml' }, body: certProvMex(`${base}/WebTicket/WebTicketService.svc`, `${base}/CertProv/CertProvisioningService.svc`) };
      if (r.url.endsWith('/WebTicket/WebTicketService.svc/mex')) return { status: 200, headers: { 'content-type': 'text/xml' }, body: webTicketMex({ winNegotiate: `${base}/WebTicket/WebTicketService.svc/WebTicket_Proof` }) };
      const auth = String(r.headers.authorization ?? '');
      if (/^NTLM /.test(auth)) return { status: 401, headers: { 'www-authenticate': `NTLM ${ntlmChallengeB64()}` } };
      return { status: 401, headers: { 'www-authenticate': ['Negotiate', 'NTLM'] } };
    },
  }));
  const base = s.origin;
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

async function check(args: string[]): Promise<{ code: number; report: JsonReport; out: string; err: string }> {
  const io = createFakeIo({ env: { SIPE_DOCTOR_PASSWORD: PASSWORD }, now: new Date() });
  const code = await main(['check', 'alice@corp.test', '--ca', pki.caFile, '--timeout', '2000', '--budget', '10000', '--no-ua-negotiation', '--json', ...args], io);
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
});
