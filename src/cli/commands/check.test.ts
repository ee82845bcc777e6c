import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseBundle } from '../../evidence/bundle.js';
import { startLab, type LabHandle } from '../../lab/index.js';
import { main } from '../main.js';
import { createFakeIo } from '../../../test/helpers/fake-io.js';
import { createCheckCommand, loadCheckDeps, parsePortMap } from './check.js';

const fast = ['--timeout', '1500ms', '--budget', '10s'];

describe('sipe-doctor check (CLI, against the lab)', () => {
  let lab: LabHandle | undefined;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sipe-doctor-check-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });
  // the lab's printed arguments already carry --server / --transport / --auth / --port-map
  const labArgs = (l: LabHandle): string[] => [...l.checkArgs, ...fast];

  it('healthy: exit 0, JSON verdict signed-in, evidence saved and replayable', async () => {
    lab = await startLab({ scenario: 'healthy' });
    const io = createFakeIo({ env: { SIPE_DOCTOR_PASSWORD: lab.password }, now: new Date() });
    const evidence = join(dir, 'ev.json');
    const code = await main(['check', ...labArgs(lab), '--json', '--save-evidence', evidence], io);
    expect(code, io.err()).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.run.mode).toBe('live');
    expect(report.verdict.outcome).toBe('signed-in');
    const bundle = parseBundle(JSON.parse(await readFile(evidence, 'utf8')));
    expect(bundle.mode).toBe('live');
    expect(JSON.stringify(bundle)).not.toContain(lab.password);
    expect(io.err()).toBe(''); // no progress when stderr is not a terminal
  }, 30_000);

  it("this machine's client is summarised under the verdict, as a header (not evidence); a failing summary is left out", async () => {
    lab = await startLab({ scenario: 'healthy' });
    const deps = await loadCheckDeps();
    const withSummary = createFakeIo({ env: { SIPE_DOCTOR_PASSWORD: lab.password }, now: new Date() });
    const summarised = createCheckCommand(async () => ({ ...deps, machine: async () => ({ facts: ['pidgin-sipe 1.25.0-2.1+b1'], knownProblems: ['client-xml-parser-broken'] }) }));
    expect(await main(['check', ...labArgs(lab)], withSummary, [summarised])).toBe(0);
    const lines = withSummary.out().split('\n');
    const at = lines.findIndex((l) => /^ {2}This machine: pidgin-sipe 1\.25\.0-2\.1\+b1; known problem here:/.test(l));
    // in the header block: right under the verdict, before the first blank line
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(0, at)).not.toContain('');
    const failing = createFakeIo({ env: { SIPE_DOCTOR_PASSWORD: lab.password }, now: new Date() });
    const broken = createCheckCommand(async () => ({ ...deps, machine: async () => { throw new Error('no dpkg'); } }));
    expect(await main(['check', ...labArgs(lab), '--json'], failing, [broken])).toBe(0);
    const report = JSON.parse(failing.out());
    expect(report.machine).toBeUndefined();
    expect(report.verdict.outcome).toBe('signed-in');
  }, 30_000);

  it('client-version-blocked: exit 1, names the blocked UA, progress on a TTY stderr', async () => {
    lab = await startLab({ scenario: 'client-version-blocked' });
    const io = createFakeIo({ stderrIsTTY: true, stdin: `${lab.password}\n`, now: new Date() });
    const code = await main(['check', ...labArgs(lab), '--password', '-', '--format', 'json'], io);
    expect(code).toBe(1);
    const report = JSON.parse(io.out());
    expect(report.verdict.rootCause).toBe('client-version-blocked');
    expect(io.err()).toMatch(/ms {2}… REGISTER/);
    expect(io.err()).toMatch(/✗ REGISTER → 127\.0\.0\.1:\d+ — 403 Forbidden/);
  }, 30_000);

  it('usage errors exit 2', async () => {
    const io = createFakeIo();
    expect(await main(['check', 'alice@corp.example', '--dns-server', 'not-an-ip'], io)).toBe(2);
    expect(await main(['check'], createFakeIo())).toBe(2);
    expect(await main(['check', 'alice@corp.example', '--server', 'host:port'], createFakeIo())).toBe(2);
  });

  it('a bare number is seconds: --timeout 10 --budget 50 against a healthy server signs in', async () => {
    lab = await startLab({ scenario: 'healthy' });
    const io = createFakeIo({ env: { SIPE_DOCTOR_PASSWORD: lab.password }, now: new Date() });
    expect(await main(['check', ...lab.checkArgs, '--timeout', '10', '--budget', '50', '--json'], io), io.err()).toBe(0);
    expect(JSON.parse(io.out()).verdict.outcome).toBe('signed-in');
  }, 30_000);

  it('durations take units; a bare number is seconds; garbage is a clear usage error (exit 2) before any traffic', async () => {
    for (const [flag, value] of [['--timeout', 'abc'], ['--budget', '5 parsecs'], ['--watch', '1x'], ['--timeout', '0s']] as const) {
      const io = createFakeIo();
      expect(await main(['check', 'alice@corp.example', '--dns-server', '127.0.0.1:9', flag, value], io), `${flag} ${value}`).toBe(2);
      expect(io.err()).toMatch(new RegExp(`${flag} (".*" is not a duration: use e\\.g\\. 5s, 500ms, 1m|must be longer than 0)`));
      expect(io.out()).toBe('');
    }
  });

  it('a budget too small to finish: "budget exhausted at step X", never a confirmed server fault', async () => {
    lab = await startLab({ scenario: 'register-timeout' });
    const io = createFakeIo({ env: { ...lab.checkEnv }, now: new Date() });
    const code = await main(['check', ...lab.checkArgs, '--timeout', '10s', '--budget', '1.5s', '--json'], io);
    expect(io.out(), io.err()).not.toBe('');
    const report = JSON.parse(io.out());
    const why = JSON.stringify(report.findings.map((f: { rootCause: string; confidence: string; role: string }) => [f.role, f.rootCause, f.confidence]));
    expect(code).toBe(1);
    expect(report.verdict.rootCause, why).toBe('check-budget-exhausted');
    expect(report.verdict.confidence).toBe('inferred');
    const primary = report.findings.find((f: { role: string }) => f.role === 'primary');
    expect(primary.explanation).toMatch(/budget of 1\.5 s ran out at step REGISTER/);
    expect(primary.remediation.summary).toMatch(/--budget 32s/);
    expect(report.findings.filter((f: { confidence: string; rootCause: string }) => f.confidence === 'confirmed' && /timeout/.test(f.rootCause))).toEqual([]);
  }, 30_000);

  it('reads the account from accounts.xml', async () => {
    lab = await startLab({ scenario: 'healthy' });
    const xml = `<?xml version='1.0' encoding='UTF-8' ?>\n<account version='1.0'><account><protocol>prpl-sipe</protocol><name>${lab.user},</name><settings><setting name='server' type='string'>${lab.pidginServer}</setting><setting name='transport' type='string'>tls</setting><setting name='useragent' type='string'>UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)</setting></settings><current_error><type>0</type><description>SSL Connection Failed</description></current_error></account></account>\n`;
    const file = join(dir, 'accounts.xml');
    await writeFile(file, xml);
    const io = createFakeIo({ now: new Date() });
    const code = await main(['check', '--accounts', file, '--dns-server', `127.0.0.1:${lab.dns.port}`, '--ca', lab.caFile, ...fast, '--json', '--include-evidence'], io);
    const out = JSON.parse(io.out());
    expect([0, 1, 4], JSON.stringify([out.ruleErrors, out.evidence.probeErrors])).toContain(code); // no password: 4 (inconclusive) is fine, a crash is not
    const reg = out.evidenceBundle.observations.find((o: { kind: string }) => o.kind === 'sip.register');
    expect(reg.data.userAgent).toBe('UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)');
    const acct = out.evidenceBundle.observations.find((o: { kind: string }) => o.kind === 'client.account');
    // accounts.xml is read as analyze --accounts and config read it: the account is named
    expect(acct.source).toEqual({ type: 'config', file, account: lab.user });
    // …with what SIPE makes of it: no authentication setting means NTLM by default
    expect(acct.data).toMatchObject({ authentication: 'ntlm', authenticationDefaulted: true });
    // Pidgin's stored error is an earlier attempt: it informs, the live sign-in decides
    const stored = out.evidenceBundle.observations.find((o: { kind: string }) => o.kind === 'client.error');
    expect(stored).toMatchObject({ attempt: 'accounts.xml', source: { type: 'config', file }, data: { reason: 0, description: 'SSL Connection Failed' } });
    expect(out.verdict).toMatchObject({ attempt: 'a1', rootCause: null });
    expect(out.findings.filter((f: { attempt?: string }) => f.attempt === 'accounts.xml').every((f: { role: string }) => f.role === 'earlier-attempt')).toBe(true);
  }, 30_000);

  it('parses --port-map', () => {
    expect(parsePortMap('443=8443, 80=8080')).toEqual({ 443: 8443, 80: 8080 });
    expect(() => parsePortMap('443:8443')).toThrow(/FROM=TO/);
  });
});
