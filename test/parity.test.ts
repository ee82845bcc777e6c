/**
 * One interpretation of SIPE's world, held by a test (webhint runs every hint test against every
 * connector): for every lab scenario, `analyze` of the real SIPE client's recorded log
 * (fixtures/lab/<scenario>.log + .accounts.xml) and `check` against the same scenario running
 * in-process on loopback give the same root cause and the same normalised evidence for the facts
 * both producers can see. Runs without the real client (the logs are recorded fixtures).
 *
 * The facts compared, and how each is normalised so that only the meaning is compared:
 * - rootCause: the verdict
 * - registerStatuses: the status of each of SIPE's REGISTERs (or its outcome when unanswered), as a set
 * - diagnostics: the ms-diagnostics / X-Ms-diagnostics codes of REGISTER, HTTP and session answers
 * - faultClasses: the class of each SOAP fault text (src/protocol/soap-fault.ts faultClass)
 * - certificateClasses: the classes of the certificate errors (src/protocol/cert-errors.ts);
 *   'other' (unclassified text such as libpurple's "verification failed") is not a class
 * - certificateChecksFailed: which of trust / name / validity a certificate failed. Only failures
 *   count: the log also shows web-service certificates that check's HTTP client verifies without
 *   recording, and it leaves checks it did not see undefined where check knows they passed
 * - account: Username, Login, Connection type, Authentication scheme, User Agent and the host of
 *   Server[:Port] (the recordings were made against the lab on other ephemeral ports)
 * Not compared, because only one producer has them: parse statistics and translation facts (log),
 * check's User-Agent negotiation (sip.user-agent-test) and probe timings (check).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvidenceBundle } from '../src/evidence/bundle.js';
import type { Kind, Observation, Of } from '../src/evidence/kinds.js';
import { main } from '../src/cli/main.js';
import { SCENARIO_NAMES, SCENARIOS, startLab, type LabHandle } from '../src/lab/index.js';
import { classifyCertErrors } from '../src/protocol/cert-errors.js';
import { serverSettingHost } from '../src/protocol/account-settings.js';
import { faultClass } from '../src/protocol/soap-fault.js';
import type { Report } from '../src/report/types.js';
import { createFakeIo } from './helpers/fake-io.js';

type Fact = 'rootCause' | 'registerStatuses' | 'diagnostics' | 'faultClasses' | 'certificateClasses' | 'certificateChecksFailed' | 'account';

/**
 * Per scenario, the facts the two producers cannot see alike, and why. An empty entry: every fact
 * above is equal. A listed fact must really differ (the test fails once the producers agree, so the
 * entry cannot outlive its reason); a scenario without an entry fails the test.
 */
const CANNOT_SEE_ALIKE: Readonly<Record<string, Partial<Record<Fact, string>>>> = {
  healthy: {},
  'healthy-autodiscover': {},
  'dns-no-sip-records': {},
  'dns-host-unresolvable': {},
  'dns-srv-foreign-domain': {},
  'sfb-online-retired': {
    account:
      "the recorded accounts.xml has no authentication setting, so the real client used SIPE 1.25's code default NTLM; " +
      'the lab tells check Authentication = Auto (the verdict does not depend on it: the retired service decides)',
  },
  'tcp-connect-refused': {},
  'tcp-connect-timeout': {},
  'autodiscover-failed': {},
  'autodiscover-broken-redirect': {},
  'autodiscover-no-webticket-url': {},
  'server-disconnected': {},
  'tls-untrusted-certificate': {},
  'tls-missing-intermediate': {},
  'tls-hostname-mismatch': {},
  'tls-certificate-expired': {},
  'tls-certificate-not-yet-valid': {
    certificateClasses:
      'NSS reports a certificate that is not yet valid as SEC_ERROR_EXPIRED_CERTIFICATE, so the log shows both validity ' +
      "classes (libpurple's own line says not yet valid); check's OpenSSL says only not-yet-valid. Both mean tls-certificate-expired.",
  },
  'tls-handshake-failed': {},
  'tls-port-speaks-tcp': {},
  'webticket-failed': {},
  'sip-uri-mismatch': {},
  'sip-uri-mismatch-register': {},
  'mfa-required': {},
  'certificate-provisioning-failed': {},
  'clock-skew': {},
  'client-version-blocked': {},
  'user-not-sip-enabled': {},
  'remote-access-denied': {},
  'register-timeout': {},
  'server-error': {},
  'register-unhandled-response': {},
  'auth-failed': {},
  'auth-scheme-mismatch': {},
  'signed-out-by-server': {},
};

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'lab');
const WALL_MS = 20_000;

const sorted = <T extends string | number>(values: Iterable<T>): T[] => [...new Set(values)].sort((a, b) => String(a).localeCompare(String(b)));
const of = <K extends Kind>(b: EvidenceBundle, kind: K): Of<K>[] => b.observations.filter((o: Observation): o is Of<K> => o.kind === kind);

function facts(report: Report, b: EvidenceBundle): Record<Fact, unknown> {
  const account: Record<string, unknown> = {};
  for (const a of of(b, 'client.account')) for (const [k, v] of Object.entries(a.data)) if (v !== undefined) account[k] = v;
  const certs = of(b, 'tls.certificate');
  return {
    rootCause: report.verdict.rootCause,
    registerStatuses: sorted(of(b, 'sip.register').map((r) => r.data.status ?? r.data.outcome)),
    diagnostics: sorted([...of(b, 'sip.register'), ...of(b, 'http.exchange'), ...of(b, 'session.ended')].flatMap((o) => (o.data.msDiagnostics ?? []).map((d) => d.code))),
    faultClasses: sorted([...of(b, 'http.exchange'), ...of(b, 'webticket.result')].map((o) => faultClass(o.data.fault)).filter((c): c is NonNullable<typeof c> => c !== undefined)),
    certificateClasses: sorted(certs.flatMap((c) => classifyCertErrors(c.data.errors ?? [])).filter((c) => c !== 'other')),
    certificateChecksFailed: sorted(certs.flatMap((c) => [
      ...(c.data.trusted === false ? ['trust'] : []),
      ...(c.data.hostnameMatch === false ? ['name'] : []),
      ...(c.data.timeValid === false ? ['validity'] : []),
    ])),
    account: {
      signinName: account['signinName'],
      login: account['login'],
      transport: account['transport'],
      authentication: account['authentication'],
      userAgent: account['userAgent'],
      serverHost: serverSettingHost(account['server'] as string | undefined) ?? '(auto-discovery)',
    },
  };
}

interface Run {
  report: Report & { evidenceBundle: EvidenceBundle };
  err: string;
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const io = createFakeIo({ env, now: new Date() });
  await main([...argv, '--json', '--include-evidence'], io);
  return { report: JSON.parse(io.out()) as Run['report'], err: io.err() };
}

describe('check ≡ analyze: one interpretation for both producers', () => {
  it('the table names every lab scenario, and only those', () => {
    expect(Object.keys(CANNOT_SEE_ALIKE).sort()).toEqual([...SCENARIO_NAMES].sort());
  });

  let lab: LabHandle | undefined;
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });

  for (const s of SCENARIOS) {
    it(`${s.name}: same root cause and evidence from the recorded log and the live check`, async () => {
      const log = join(FIXTURES, `${s.name}.log`);
      const accounts = join(FIXTURES, `${s.name}.accounts.xml`);
      expect(existsSync(log), `${log} is missing: record it (npm run fixtures:record)`).toBe(true);
      const analyzed = await run(['analyze', log, ...(existsSync(accounts) ? ['--accounts', accounts] : [])]);

      lab = await startLab({ scenario: s.name });
      const checked = await run(['check', ...lab.checkArgs], { ...lab.checkEnv });

      const fromLog = facts(analyzed.report, analyzed.report.evidenceBundle);
      const live = facts(checked.report, checked.report.evidenceBundle);
      const unlike = CANNOT_SEE_ALIKE[s.name] ?? {};
      const why = `analyze: ${analyzed.report.verdict.summary}\ncheck: ${checked.report.verdict.summary}\n${checked.err}`;

      expect(fromLog.rootCause, why).toBe(s.expectedRootCause);
      for (const fact of Object.keys(fromLog) as Fact[]) {
        if (unlike[fact]) expect(live[fact], `${fact} is listed as seen differently (${unlike[fact]}), but both producers agree: remove the entry`).not.toEqual(fromLog[fact]);
        else expect(live[fact], `${fact}\n${why}`).toEqual(fromLog[fact]);
      }
    }, WALL_MS + 10_000);
  }
});
