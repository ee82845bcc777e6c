/**
 * Advice never contradicts the evidence, end to end: `check` against lab scenarios whose evidence
 * rules out the obvious advice. In-process, loopback only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';
import { startLab, type LabHandle } from '../src/lab/index.js';

interface JsonFinding { role: string; rootCause: string; ruleId: string; title: string; remediation: { summary: string; steps: string[]; settings?: { key: string; value: string }[] } }
interface JsonReport { verdict: { rootCause: string | null; outcome: string }; findings: JsonFinding[] }

async function check(lab: LabHandle): Promise<JsonReport> {
  const io = createFakeIo({ env: { ...lab.checkEnv }, now: new Date() });
  await main(['check', ...lab.checkArgs, '--json'], io);
  return JSON.parse(io.out()) as JsonReport;
}
const advice = (f: JsonFinding): string => [f.remediation.summary, ...f.remediation.steps].join('\n');

describe('remediation agrees with the evidence', () => {
  let lab: LabHandle | undefined;
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });

  it('only the password wrong (Login blank): "keep your Login as it is", never CORP\\alice to type', async () => {
    lab = await startLab({ scenario: 'auth-failed' });
    const r = await check(lab);
    const primary = r.findings.find((f) => f.role === 'primary')!;
    expect(r.verdict.rootCause).toBe('auth-failed');
    expect(primary.remediation.summary).toBe('Re-enter the password, and keep your Login as it is.');
    expect(r.findings.flatMap((f) => f.remediation.settings ?? []).filter((s) => s.key === 'login')).toEqual([]);
    expect(r.findings.map(advice).join('\n')).not.toContain('CORP\\alice');
  }, 30_000);

  it('healthy-autodiscover: the normal 401 on the User link is no warning', async () => {
    lab = await startLab({ scenario: 'healthy-autodiscover' });
    const r = await check(lab);
    expect(r.verdict.outcome).toBe('signed-in');
    expect(r.findings.map((f) => f.ruleId)).not.toContain('autodiscover/unusable-answer');
    expect(r.findings.map((f) => f.title).join('\n')).not.toMatch(/autodiscover answered with something SIPE cannot use/i);
  }, 30_000);

  it('no SIP records: sip.<domain>, just shown NXDOMAIN, is not offered as the Server', async () => {
    lab = await startLab({ scenario: 'dns-no-sip-records' });
    const r = await check(lab);
    expect(r.verdict.rootCause).toBe('dns-no-sip-records');
    expect(r.findings.flatMap((f) => f.remediation.settings ?? []).filter((s) => s.key === 'server' && s.value.startsWith('sip.corp.example'))).toEqual([]);
    expect(r.findings.map(advice).join('\n')).not.toMatch(/set "Server\[:Port\]" to sip\.corp\.example/);
  }, 30_000);

  it('--server sip.corp.example:443 that does not resolve while the domain does: a typo to fix, and not recommended back', async () => {
    lab = await startLab({ scenario: 'dns-no-sip-records' });
    const args = [...lab.checkArgs];
    const io = createFakeIo({ env: { ...lab.checkEnv }, now: new Date() });
    await main(['check', ...args, '--server', 'sip.corp.example:443', '--json'], io);
    const r = JSON.parse(io.out()) as JsonReport;
    expect(r.verdict.rootCause).toBe('dns-host-unresolvable');
    expect(r.findings.flatMap((f) => f.remediation.settings ?? []).filter((s) => s.key === 'server' && s.value !== '')).toEqual([]);
  }, 30_000);
});
