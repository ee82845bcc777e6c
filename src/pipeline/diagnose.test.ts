import { describe, expect, it } from 'vitest';
import { bundleOf, ev, inAttempt } from '../../test/helpers/evidence.js';
import type { Observation } from '../evidence/kinds.js';
import { diagnose } from './diagnose.js';
import { RULES } from '../rules/index.js';
import { defineRule } from '../rules/types.js';

const opts = { now: new Date('2026-11-22T00:00:00Z'), startedAt: '2026-11-22T00:00:00Z', durationMs: 5, version: '0.1.0', mode: 'log' as const, inputs: ['ua-blocked-403.pidgin-debug.log'] };
const log = (first: number, last = first) => ({ source: { type: 'log' as const, file: 'ua-blocked-403.pidgin-debug.log', lines: [first, last] as const } });

/** Shaped like what the log analyzer makes of a SIPE 1.25 debug log of a client-version 403. */
function sampleBundle(): Observation[] {
  return inAttempt('a1', [
    ev.account({ signinName: 'alice@corp.example', login: '', domain: 'corp.example', server: '127.0.0.1:5062', transport: undefined as never, authentication: undefined as never, userAgent: undefined as never, sso: undefined as never, sipeVersion: '1.25.0', buildOptions: 'Kerberos 5 & NTLM / D-Bus / Voice & Video / SRTP / Lync FT / Application Sharing - full' }, { ...log(166, 170), at: 'T23:38:56' }),
    ev.discovery({ event: 'user-specified', host: '127.0.0.1', port: 5062, via: 'server-setting', transport: 'tls' }, log(171)),
    ev.tcp({ host: '127.0.0.1', port: 5062, address: '127.0.0.1' }, log(172, 182)),
    ev.tls({ host: '127.0.0.1', port: 5062, protocol: 'TLS 1.3', cipher: 'TLS_AES_256_GCM_SHA384' }, log(183, 185)),
    ev.cert({ host: '127.0.0.1', port: 5062, subject: 'CN=sip.corp.example', issuer: 'CN=sip.corp.example', altNames: undefined as never, notBefore: undefined as never, notAfter: undefined as never, hostnameMatch: undefined as never, timeValid: undefined as never, trusted: true }, log(186, 196)),
    ev.transport({ event: 'connected', host: '127.0.0.1', port: 5062 }, log(198)),
    ev.register({
      registrar: '127.0.0.1:5062', transport: 'tls', requestUri: 'sip:corp.example', fromUri: 'sip:alice@corp.example', userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)',
      status: 403, reasonPhrase: 'Forbidden', outcome: 'rejected',
      msDiagnostics: [{ code: 17002, reason: 'Invalid protocol client version.', source: 'fe01.corp.example', public: false }],
      warnings: [{ code: 399, agent: 'fe01.corp.example', text: 'You are currently not using the recommended version of the client' }],
    }, log(204, 242)),
    ev.clientError({ reason: 7, description: 'You have been rejected by the server: You are currently not using the recommended version of the client', detail: 'You are currently not using the recommended version of the client' }, log(246)),
    ev.transport({ event: 'dropped', host: '127.0.0.1', port: 5062 }, log(253)),
  ]);
}

describe('diagnose', () => {
  it('end to end over the real sample: client-version-blocked, confirmed, with the User Agent fix', () => {
    const report = diagnose({ ...bundleOf(sampleBundle()), target: 'alice@corp.example' }, opts);
    expect(report.verdict).toMatchObject({ rootCause: 'client-version-blocked', step: 'register', confidence: 'confirmed', outcome: 'failed', attempt: 'a1' });
    expect(report.verdict.summary).toContain('UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)');
    const primary = report.findings.find((f) => f.role === 'primary')!;
    expect(primary.ruleId).toBe('sip/blocked-client-version');
    expect(primary.explanation).toContain('Warning 399 fe01.corp.example "You are currently not using the recommended version of the client"');
    expect(primary.explanation).toContain('ms-diagnostics 17002 "Invalid protocol client version."');
    expect(primary.explanation).toContain('Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)');
    expect(primary.remediation.settings).toEqual([{ field: 'User Agent', key: 'useragent', value: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)', tab: 'Advanced' }]);
    expect(primary.evidence.map((e) => e.where)).toEqual(['ua-blocked-403.pidgin-debug.log:204-242', 'ua-blocked-403.pidgin-debug.log:246-246']);
    expect(primary.evidence[0]?.summary).toMatch(/^REGISTER to 127\.0\.0\.1:5062 → 403 Forbidden; Warning 399/);
    expect(primary.docsUrl).toBe('docs/rules/sip/blocked-client-version.md');
    // nothing else is blamed: the certificate was verified, the drop is SIPE's own teardown
    expect(report.findings.filter((f) => f.role !== 'primary')).toEqual([]);
    expect(report.ruleErrors).toEqual([]);
    expect(report.account).toEqual({ signinName: 'alice@corp.example', login: '', server: '127.0.0.1:5062', sipeVersion: '1.25.0', userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)' });
    expect(report.evidence).toMatchObject({ attempts: 1, counts: { 'sip.register': 1, 'client.error': 1, 'transport.event': 2 } });
    const reg = report.timeline.find((t) => t.step === 'register')!;
    expect(reg).toMatchObject({ status: 'fail', peer: '127.0.0.1:5062' });
    expect(report.timeline.map((t) => t.status)).toEqual(['info', 'info', 'ok', 'ok', 'ok', 'ok', 'fail', 'fail', 'info']);
    expect(report.run).toMatchObject({ mode: 'log', target: 'alice@corp.example', inputs: ['ua-blocked-403.pidgin-debug.log'] });
    expect(report.schemaVersion).toBe(1);
  });

  it('only the client error survives (no dumps): same cause, inferred', () => {
    const obs = sampleBundle().filter((o) => o.kind !== 'sip.register');
    const report = diagnose(bundleOf(obs), opts);
    expect(report.verdict).toMatchObject({ rootCause: 'client-version-blocked', confidence: 'inferred' });
    expect(report.verdict.summary).toContain('inferred');
  });

  it('no SIP records: the SSL error is a consequence of the DNS fallback', () => {
    const obs = inAttempt('a1', [
      ev.account(), ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' }),
      ev.tls({ host: 'corp.example', outcome: 'failed', error: 'handshake failed' }),
      ev.clientError({ reason: 0, description: 'SSL Connection Failed' }),
    ]);
    const report = diagnose(bundleOf(obs), opts);
    expect(report.verdict.rootCause).toBe('dns-no-sip-records');
    expect(report.findings.find((f) => f.role === 'primary')?.explanation).toContain('"SSL Connection Failed" is a consequence');
    expect(report.findings.filter((f) => f.role === 'consequence').map((f) => f.rootCause)).toEqual(['tls-handshake-failed']);
    expect(report.findings[0]?.remediation.adminActions?.[0]).toBe('_sipinternaltls._tcp.corp.example. 86400 IN SRV 0 0 5061 pool01.corp.example.   (internal: front-end pool)');
  });

  it('decides on the last attempt and lists earlier ones', () => {
    const obs = [
      ...inAttempt('a1', [ev.tcp({ outcome: 'refused' }), ev.clientError({ description: 'Could not connect' })]),
      ...inAttempt('a2', [ev.tcp(), ev.transport(), ev.register({ status: 401, challenges: [{ scheme: 'NTLM', params: {} }] }), ev.auth({ event: 'completed', scheme: 'NTLM' }), ev.register({ status: 200 })]),
    ];
    const report = diagnose(bundleOf([ev.account(), ...obs]), opts);
    expect(report.verdict).toMatchObject({ outcome: 'signed-in', rootCause: null, attempt: 'a2' });
    expect(report.findings.map((f) => [f.rootCause, f.role])).toEqual([['tcp-connect-refused', 'earlier-attempt']]);
    expect(report.timeline.every((t) => t.attempt === undefined || t.attempt === 'a2')).toBe(true);
    expect(report.evidence.attempts).toBe(2);
  });

  it('unknown when the evidence shows neither success nor a recognisable failure', () => {
    const report = diagnose(bundleOf([ev.account(), ev.clientError({ description: 'Could not connect' })]), opts);
    expect(report.verdict.outcome).toBe('unknown');
    expect(report.verdict.summary).toMatch(/Could not connect.*missing: server discovery, the connection to the server, the REGISTER exchange/);
  });

  it('reports rules that throw and still diagnoses', () => {
    const broken = defineRule({ ...RULES[0]!, meta: { ...RULES[0]!.meta, id: 'client/broken' }, check: () => { throw new Error('kaputt'); } });
    const report = diagnose(bundleOf(inAttempt('a1', sampleBundle()).concat(inAttempt('a2', sampleBundle()))), { ...opts, rules: [broken, ...RULES] });
    expect(report.ruleErrors).toEqual([{ ruleId: 'client/broken', message: 'kaputt' }]);
    expect(report.verdict.rootCause).toBe('client-version-blocked');
  });

  it('honours only/skip', () => {
    const report = diagnose(bundleOf(sampleBundle()), { ...opts, skip: ['sip/blocked-client-version'] });
    expect(report.findings.some((f) => f.ruleId === 'sip/blocked-client-version')).toBe(false);
  });

  it('a healthy sign-in yields no findings from the whole catalog (log and probe shapes)', () => {
    const logShape = inAttempt('a1', [
      ev.account(), ev.autodiscover({ outcome: 'refused', status: undefined as never, url: 'https://LyncDiscoverInternal.corp.example/?sipuri=alice@corp.example' }),
      ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'candidate', host: 'pool01.corp.example', port: 5061, via: 'srv' }),
      ev.transport({ event: 'connect' }), ev.tcp(), ev.tls(), ev.cert(), ev.transport(),
      ev.register({ status: 401, challenges: [{ scheme: 'NTLM', params: {} }, { scheme: 'Kerberos', params: {} }] }), ev.auth({ event: 'scheme-not-offered', scheme: 'TLS-DSK' }),
      ev.register({ status: 401, authorizationScheme: 'NTLM' }), ev.register({ status: 200, authorizationScheme: 'NTLM', server: 'RTC/6.0' }), ev.auth({ event: 'completed', scheme: 'NTLM' }),
    ]);
    const probeShape = [
      ev.account({}, { probe: 'input' }),
      ev.dns({ name: 'lyncdiscoverinternal.corp.example', type: 'A', outcome: 'nxdomain' }, { probe: 'dns' }),
      ev.dns({ name: 'lyncdiscover.corp.example', type: 'A', outcome: 'nxdomain' }, { probe: 'dns' }),
      ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool01.corp.example', port: 5061, priority: 0, weight: 0 }], { probe: 'dns' }),
      ev.dns({ name: 'pool01.corp.example', type: 'A', answers: [{ address: '192.0.2.10' }] }, { probe: 'dns' }),
      ev.tcp({ address: '192.0.2.10' }, { probe: 'tls' }), ev.tls({ protocol: 'TLSv1.2' }, { probe: 'tls' }), ev.cert({}, { probe: 'tls' }),
      ev.register({ status: 401, challenges: [{ scheme: 'NTLM', params: {} }] }, { probe: 'sip' }),
    ];
    for (const obs of [logShape, probeShape]) {
      const report = diagnose(bundleOf(obs, obs === logShape ? 'log' : 'live'), opts);
      expect(report.findings.map((f) => `${f.ruleId}: ${f.explanation}`)).toEqual([]);
      expect(report.ruleErrors).toEqual([]);
    }
    expect(diagnose(bundleOf(logShape), opts).verdict.outcome).toBe('signed-in');
  });
});

describe('diagnose: what the log analyzer could not keep or read', () => {
  it('says what a long log had summarised and that a .gz was truncated', () => {
    const parseStats = {
      lines: 10, recognized: 5, files: ['long.log.gz'], debugLines: 10, sipeLines: 8, messages: 2, truncatedLines: 0, redactions: 0,
      incompleteInputs: ["'long.log.gz' is a truncated gzip file (it ends inside the compressed data): only the first 3 MiB of the log could be read"],
      summarised: { attempts: 3, observations: [{ attempt: 'a4', kind: 'sip.register' as const, kept: 210, omitted: 999_790 }, { attempt: 'a4', kind: 'auth.event' as const, kept: 210, omitted: 5 }] },
    };
    const report = diagnose({ ...bundleOf(sampleBundle()), parseStats }, opts);
    expect(report.warnings).toContain("The input is incomplete: 'long.log.gz' is a truncated gzip file (it ends inside the compressed data): only the first 3 MiB of the log could be read.");
    expect(report.warnings).toContain('The log is long: the 3 oldest sign-in attempts were left out; 999,795 observations from the middle of long attempts were summarised, '
      + 'the first and last of each kind kept (e.g. 210 of 1,000,000 sip.register in attempt a4). Counts in the findings cover what was kept.');
  });
});
