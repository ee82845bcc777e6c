import { describe, expect, it } from 'vitest';
import type { Observation, Of } from '../evidence/kinds.js';
import { runCheckDetailed } from './run-check.js';
import { createFakePorts, sipResponse, type FakeDnsEntry, type FakeEndpoint } from '../../test/helpers/fake-ports.js';
import type { CheckOptions } from './types.js';

const D = 'corp.example';
const USER = `alice@${D}`;
const A = (address = '10.0.0.5'): FakeDnsEntry => ({ answers: [{ address }] });
const SRV = (target: string, port: number, extra: Partial<{ priority: number; weight: number }> = {}): FakeDnsEntry => ({ answers: [{ target, port, priority: 0, weight: 0, ...extra }] });

const kinds = <K extends Observation['kind']>(obs: readonly Observation[], k: K): Of<K>[] => obs.filter((o): o is Of<K> => o.kind === k);
const events = (obs: readonly Observation[]): string[] => kinds(obs, 'discovery.event').map((d) => `${d.data.event}${d.data.host ? ` ${d.data.host}:${d.data.port ?? ''}` : ''}`);

/** A registrar that challenges with NTLM (no password given → check stops after the challenge). */
const challenging: FakeEndpoint['sip'] = (req) => sipResponse(req, '401 Unauthorized', ['WWW-Authenticate: NTLM realm="SIP Communications Service", targetname="fe01.corp.example", version=3', 'Server: RTC/6.0.9319.0']);

async function run(ports: ReturnType<typeof createFakePorts>, opts: CheckOptions = {}, target = USER) {
  return runCheckDetailed(target, { timeoutMs: 300, budgetMs: 5000, ...opts }, ports, { now: () => new Date('2025-06-01T12:00:00Z') });
}

describe('discovery in SIPE 1.25 order', () => {
  it('tries SRV before A records and stops at the first candidate that connects', async () => {
    const ports = createFakePorts({
      dns: {
        [`SRV _sipinternaltls._tcp.${D}`]: SRV(`pool.${D}`, 5061),
        [`SRV _sip._tls.${D}`]: SRV(`edge.${D}`, 443),
        [`A pool.${D}`]: A(),
        [`A edge.${D}`]: A('10.0.0.6'),
        [`A sip.${D}`]: A('10.0.0.7'),
      },
      endpoints: { [`pool.${D}:5061`]: { sip: challenging } },
    });
    const r = await run(ports);
    const obs = r.bundle.observations;
    expect(events(obs)).toEqual(['autodiscover-none', `candidate pool.${D}:5061`]);
    expect(r.endedOn).toMatchObject({ host: `pool.${D}`, port: 5061, via: 'srv', transport: 'tls' });
    expect(ports.tcpConnects).toEqual([`pool.${D}:5061`]);
    // lookups past the point where SIPE stopped are kept only when they answered
    const names = kinds(obs, 'dns.lookup').map((l) => `${l.data.type} ${l.data.name}`);
    expect(names).toContain(`SRV _sip._tls.${D}`);
    expect(names).toContain(`A sip.${D}`);
    expect(names).not.toContain(`A sipinternal.${D}`);
    expect(kinds(obs, 'sip.register')[0]?.data).toMatchObject({ outcome: 'challenged', status: 401, registrar: `pool.${D}:5061` });
  });

  it('falls through unresolvable SRV targets, refused connections and A records to the bare domain', async () => {
    const ports = createFakePorts({
      dns: {
        [`SRV _sipinternaltls._tcp.${D}`]: SRV(`gone.${D}`, 5061),
        [`SRV _sip._tls.${D}`]: SRV(`edge.${D}`, 443),
        [`A edge.${D}`]: A('10.0.0.6'),
        [`A sipexternal.${D}`]: A('10.0.0.8'),
        [`A ${D}`]: A('10.0.0.9'),
      },
      endpoints: { [`${D}:5061`]: { sip: challenging } },
    });
    const r = await run(ports, { transport: 'tls' });
    expect(events(r.bundle.observations)).toEqual([
      'autodiscover-none',
      `candidate gone.${D}:5061`,
      `unresolvable gone.${D}:5061`,
      `candidate edge.${D}:443`,
      'srv-none',
      `candidate sipexternal.${D}:443`,
      `a-none ${D}:`,
      `candidate ${D}:5061`,
    ]);
    expect(ports.tcpConnects).toEqual([`edge.${D}:443`, `sipexternal.${D}:443`, `${D}:5061`]);
    expect(kinds(r.bundle.observations, 'tcp.connect').map((t) => t.data.outcome)).toEqual(['refused', 'refused', 'ok']);
  });

  it('asks every DNS question at once (parallel), then decides in order', async () => {
    const ports = createFakePorts({ dnsDelayMs: 50, dns: { [`SRV _sipinternaltls._tcp.${D}`]: SRV(`pool.${D}`, 5061), [`A pool.${D}`]: A() } });
    const started = performance.now();
    await run(ports);
    const elapsed = performance.now() - started;
    // 2 lync hosts + 4 SRV + 3 A + domain in the first wave
    expect(ports.maxConcurrentDns()).toBeGreaterThanOrEqual(10);
    expect(elapsed).toBeLessThan(50 * 2 + 150);
  });

  it('with --server: no discovery, the given host only, SIPE default port for the transport', async () => {
    const ports = createFakePorts({ dns: { [`A fe.${D}`]: A() }, endpoints: { [`fe.${D}:5060`]: { sip: challenging } } });
    const r = await run(ports, { server: `fe.${D}`, transport: 'tcp' });
    expect(events(r.bundle.observations)).toEqual([`user-specified fe.${D}:5060`, `candidate fe.${D}:5060`]);
    expect(ports.dnsQueries.map((q) => q.name)).toEqual([`fe.${D}`]);
    expect(kinds(r.bundle.observations, 'tls.handshake')).toHaveLength(0);
    expect(kinds(r.bundle.observations, 'sip.register')[0]?.data.transport).toBe('tcp');
  });

  it('records the account as check saw it, and makes no network call for an invalid address', async () => {
    const ports = createFakePorts({});
    const r = await run(ports, {}, 'alice at corp');
    expect(ports.dnsQueries).toHaveLength(0);
    expect(r.bundle.observations.map((o) => o.kind)).toEqual(['client.account']);
    expect(kinds(r.bundle.observations, 'client.account')[0]?.data.signinName).toBe('alice at corp');
  });
});

describe('never throws for network failures', () => {
  it('turns a throwing resolver and a throwing connect into evidence', async () => {
    const ports = createFakePorts({
      dns: { [`A fe.${D}`]: A(), [`A bad.${D}`]: { throws: true } },
      endpoints: { [`fe.${D}:5061`]: { tcp: 'throws' } },
    });
    const r1 = await run(ports, { server: `fe.${D}` });
    expect(kinds(r1.bundle.observations, 'tcp.connect')[0]?.data.outcome).toBe('reset');
    const r2 = await run(createFakePorts({ dns: { [`A bad.${D}`]: { throws: true } } }), { server: `bad.${D}` });
    expect(kinds(r2.bundle.observations, 'dns.lookup')[0]?.data).toMatchObject({ outcome: 'error', error: 'resolver exploded' });
    expect(r2.bundle.probeErrors).toEqual([]);
  });

  it('stops at the budget with a partial bundle', async () => {
    const ports = createFakePorts({ dns: { [`A fe.${D}`]: A() }, endpoints: { [`fe.${D}:5061`]: { tcp: 'timeout' } } });
    const started = performance.now();
    const r = await runCheckDetailed(USER, { server: `fe.${D}`, timeoutMs: 10_000, budgetMs: 200 }, ports);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(r.partial).toBe(true);
    expect(r.bundle.notes?.at(-1)).toMatch(/budget/);
    expect(r.bundle.probeErrors).toEqual([]);
    expect(kinds(r.bundle.observations, 'tcp.connect')[0]?.data.outcome).toBe('timeout');
    // the cut-off step is named, so the wait it was in is not read as the server's answer
    expect(kinds(r.bundle.observations, 'check.stopped')).toEqual([expect.objectContaining({ data: expect.objectContaining({ reason: 'budget', budgetMs: 200, step: expect.stringMatching(/fe\.corp\.example:5061/) }) })]);
  });

  it('stops on user abort (Ctrl-C)', async () => {
    const ports = createFakePorts({ dnsDelayMs: 5000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const r = await runCheckDetailed(USER, { timeoutMs: 10_000, budgetMs: 10_000, signal: ac.signal }, ports);
    expect(r.partial).toBe(true);
    expect(r.partialReason).toBe('interrupted');
    expect(kinds(r.bundle.observations, 'check.stopped')[0]?.data.reason).toBe('interrupted');
  });
});

describe('TLS', () => {
  const dns = { [`A fe.${D}`]: A() };
  it('a rejected certificate ends the candidate (no REGISTER); --insecure goes on but sends no password', async () => {
    const bad: FakeEndpoint = { tls: { verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, sip: challenging };
    const r = await run(createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: bad } }), { server: `fe.${D}`, password: 'secret' });
    expect(kinds(r.bundle.observations, 'tls.certificate')[0]?.data).toMatchObject({ trusted: false, hostnameMatch: true, timeValid: true });
    expect(kinds(r.bundle.observations, 'sip.register')).toHaveLength(0);

    const ports = createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: bad } });
    const r2 = await run(ports, { server: `fe.${D}`, password: 'secret', insecure: true, authentication: 'ntlm' });
    expect(kinds(r2.bundle.observations, 'tls.handshake')[0]?.data.insecure).toBe(true);
    expect(kinds(r2.bundle.observations, 'sip.register')).toHaveLength(1);
    expect(ports.sipRequests.every((q) => !q.headers.some((h) => /authorization/i.test(h.name)))).toBe(true);
    expect(r2.bundle.notes?.[0]).toMatch(/Password not sent.*failed validation/);
  });

  it('tells a TLS 1.0-only server from a port that does not speak TLS', async () => {
    const oldTls: FakeEndpoint = { tls: { outcome: 'alert', alert: 'protocol version', chain: [] }, tlsOld: { outcome: 'ok', protocol: 'TLSv1' } };
    const r = await run(createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: oldTls } }), { server: `fe.${D}` });
    expect(kinds(r.bundle.observations, 'tls.handshake')[0]?.data).toMatchObject({ outcome: 'alert', protocol: 'TLSv1' });
    expect(kinds(r.bundle.observations, 'tls.handshake')[0]?.data.error).toMatch(/only TLSv1/);

    const plain: FakeEndpoint = { tls: { outcome: 'not-tls', error: 'wrong version number', chain: [] } };
    const r2 = await run(createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: plain } }), { server: `fe.${D}` });
    expect(kinds(r2.bundle.observations, 'tls.handshake')[0]?.data.outcome).toBe('not-tls');
  });

  it('flags an expired certificate from its dates', async () => {
    const expired = { subject: `CN=fe.${D}`, issuer: 'CN=CA', altNames: [`fe.${D}`], notBefore: '2020-01-01T00:00:00Z', notAfter: '2021-01-01T00:00:00Z', selfSigned: false };
    const r = await run(createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: { tls: { chain: [expired], verifyError: 'CERT_HAS_EXPIRED' } } } }), { server: `fe.${D}` });
    expect(kinds(r.bundle.observations, 'tls.certificate')[0]?.data).toMatchObject({ trusted: true, timeValid: false, errors: ['CERT_HAS_EXPIRED'] });
  });
});

describe('REGISTER', () => {
  const dns = { [`A fe.${D}`]: A(), [`A pool2.${D}`]: A('10.0.0.20') };

  it('is shaped like SIPE 1.25 (header order, default User-Agent)', async () => {
    const ports = createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: { sip: challenging } } });
    await run(ports, { server: `fe.${D}` });
    const req = ports.sipRequests[0]!;
    expect(req.uri).toBe(`sip:${D}`);
    expect(req.headers.map((h) => h.name)).toEqual(['Via', 'From', 'To', 'Max-Forwards', 'CSeq', 'User-Agent', 'Call-ID', 'Contact', 'Supported', 'Event', 'Allow-Events', 'ms-keep-alive', 'Content-Length']);
    expect(req.headers.find((h) => h.name === 'User-Agent')?.value).toBe('Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)');
    expect(req.headers.find((h) => h.name === 'Via')?.value).toMatch(/^SIP\/2\.0\/tls 192\.0\.2\.10:50000;branch=z9hG4bK[0-9A-F]{20}$/);
  });

  it('reports silence and a closed connection', async () => {
    const r = await run(createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: { sip: () => undefined } } }), { server: `fe.${D}` });
    expect(kinds(r.bundle.observations, 'sip.register')[0]?.data.outcome).toBe('no-response');
    const r2 = await run(createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: { sip: () => 'close' } } }), { server: `fe.${D}` });
    expect(kinds(r2.bundle.observations, 'sip.register')[0]?.data.outcome).toBe('closed');
  });

  it('follows a 301 once to the home pool, with no fallback', async () => {
    const ports = createFakePorts({
      dns,
      endpoints: {
        [`fe.${D}:5061`]: { sip: (req) => sipResponse(req, '301 Moved Permanently', [`Contact: <sip:pool2.${D}:5061;transport=tls>`]) },
        [`pool2.${D}:5061`]: { sip: (req) => sipResponse(req, '301 Moved Permanently', [`Contact: <sip:pool3.${D}>`]) },
      },
    });
    const r = await run(ports, { server: `fe.${D}` });
    const regs = kinds(r.bundle.observations, 'sip.register');
    expect(regs.map((x) => x.data.registrar)).toEqual([`fe.${D}:5061`, `pool2.${D}:5061`]);
    expect(kinds(r.bundle.observations, 'transport.event').some((t) => t.data.event === 'redirected' && t.data.host === `pool2.${D}`)).toBe(true);
    expect(ports.tcpConnects).toEqual([`fe.${D}:5061`, `pool2.${D}:5061`]);
  });

  it('reads a 403 client-version block and finds an accepted Microsoft User-Agent (≤ 8 tries)', async () => {
    const block = (req: Parameters<NonNullable<FakeEndpoint['sip']>>[0]): string => {
      const ua = req.headers.find((h) => h.name === 'User-Agent')?.value ?? '';
      return /Microsoft Lync\)$/.test(ua)
        ? sipResponse(req, '401 Unauthorized', ['WWW-Authenticate: NTLM realm="SIP Communications Service", targetname="fe01", version=3'])
        : sipResponse(req, '403 Forbidden', ['ms-diagnostics: 17002;reason="Invalid protocol client version.";source="fe01"', 'Warning: 399 fe01 "You are currently not using the recommended version of the client"']);
    };
    const ports = createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: { sip: block } } });
    const r = await run(ports, { server: `fe.${D}` });
    const regs = kinds(r.bundle.observations, 'sip.register');
    expect(regs[0]?.data).toMatchObject({ status: 403, outcome: 'rejected', msDiagnostics: [{ code: 17002 }] });
    const probes = kinds(r.bundle.observations, 'sip.user-agent-test');
    expect(regs.some((x) => x.data.userAgent === probes.at(-1)?.data.userAgent)).toBe(false);
    expect(probes.length).toBeLessThanOrEqual(8);
    expect(probes.at(-1)?.data).toMatchObject({ outcome: 'challenged', userAgent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' });
    expect(r.acceptedUserAgent).toBe('UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)');
    expect(ports.sipRequests.every((q) => !q.headers.some((h) => /authorization/i.test(h.name)))).toBe(true);
  });

  it('notes a scheme the server does not offer and never sends a password over TCP', async () => {
    const dsk = (req: Parameters<NonNullable<FakeEndpoint['sip']>>[0]): string => sipResponse(req, '401 Unauthorized', ['WWW-Authenticate: TLS-DSK realm="SIP Communications Service", targetname="fe01", sts-uri="https://fe01/CertProv/CertProvisioningService.svc", version=4']);
    const r = await run(createFakePorts({ dns, endpoints: { [`fe.${D}:5061`]: { sip: dsk } } }), { server: `fe.${D}`, authentication: 'ntlm', password: 'x' });
    expect(kinds(r.bundle.observations, 'auth.event')[0]?.data).toMatchObject({ event: 'scheme-not-offered', scheme: 'NTLM' });

    const ports = createFakePorts({ dns, endpoints: { [`fe.${D}:5060`]: { sip: challenging } } });
    const r2 = await run(ports, { server: `fe.${D}`, transport: 'tcp', authentication: 'ntlm', password: 'x' });
    expect(ports.sipRequests).toHaveLength(1);
    expect(r2.bundle.notes?.[0]).toMatch(/unencrypted TCP/);
  });
});

describe('autodiscover (MockAgent, no network)', () => {
  const xml = 'application/vnd.microsoft.rtc.autodiscover+xml; v=1';
  it('follows Root Redirect and User links, takes the internal server first', async () => {
    const ports = createFakePorts({
      dns: { [`A pool.${D}`]: A() },
      endpoints: { [`pool.${D}:5061`]: { sip: challenging } },
    });
    const https = ports.mock.get(`https://LyncDiscoverInternal.${D}`);
    https.intercept({ path: `/?sipuri=${USER}`, method: 'GET' }).reply(200, `<AutodiscoverResponse AccessLocation="Internal"><Root><Link token="User" href="https://web.${D}/user"/></Root></AutodiscoverResponse>`, { headers: { 'content-type': xml } });
    ports.mock.get(`https://web.${D}`).intercept({ path: '/user', method: 'GET' }).reply(200, `<AutodiscoverResponse AccessLocation="Internal"><User><SipClientInternalAccess fqdn="pool.${D}" port="5061"/><SipClientExternalAccess fqdn="edge.${D}" port="443"/></User></AutodiscoverResponse>`, { headers: { 'content-type': xml } });
    ports.mock.get(`http://LyncDiscoverInternal.${D}`).intercept({ path: `/?sipuri=${USER}`, method: 'GET' }).reply(302, '', { headers: { location: 'https://elsewhere/' } });
    const r = await run(ports);
    const ad = kinds(r.bundle.observations, 'autodiscover.response');
    expect(ad.find((x) => x.data.url.startsWith('http://'))?.data).toMatchObject({ status: 302, outcome: 'unusable' });
    expect(ad.find((x) => x.data.url === `https://web.${D}/user`)?.data).toMatchObject({ sipInternal: `pool.${D}:5061`, accessLocation: 'Internal' });
    // AccessLocation="Internal" restricts the list to the internal server
    expect(kinds(r.bundle.observations, 'discovery.event')[0]?.data.detail).toBe(`pool.${D}:5061 (internal)`);
    expect(events(r.bundle.observations)).toEqual([`autodiscover-servers`, `candidate pool.${D}:5061`]);
  });

  it('skips an HTML answer and notes X-MS-WebTicketURL on a 401 User link', async () => {
    const ports = createFakePorts({});
    ports.mock.get(`https://LyncDiscoverInternal.${D}`).intercept({ path: `/?sipuri=${USER}`, method: 'GET' }).reply(200, '<html>portal</html>', { headers: { 'content-type': 'text/html' } });
    ports.mock.get(`https://LyncDiscover.${D}`).intercept({ path: `/?sipuri=${USER}`, method: 'GET' }).reply(200, `<AutodiscoverResponse><Root><Link token="User" href="https://web.${D}/user"/></Root></AutodiscoverResponse>`, { headers: { 'content-type': xml } });
    ports.mock.get(`https://web.${D}`).intercept({ path: '/user', method: 'GET' }).reply(401, 'denied', { headers: { 'x-ms-webticketurl': `https://web.${D}/WebTicket/WebTicketService.svc` } });
    const r = await run(ports);
    const ad = kinds(r.bundle.observations, 'autodiscover.response');
    expect(ad.find((x) => x.data.contentType === 'text/html')?.data.outcome).toBe('unusable');
    expect(ad.find((x) => x.data.status === 401)?.data.webTicketUrl).toBe(`https://web.${D}/WebTicket/WebTicketService.svc`);
    expect(events(r.bundle.observations)[0]).toBe('autodiscover-none');
  });
});
