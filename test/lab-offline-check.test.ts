/**
 * Off the company network: `check` against a healthy lab deployment seen through the lab resolver's
 * off-network modes (startLab's `resolver` option), with an empty Server field and with
 * `--server sip.corp.example:443`. Each mode has its own cause, never
 * `dns-no-sip-records`, never confirmed, never "fix the spelling", never a Server value the evidence
 * shows unresolvable; the report names the failing lookups and progress never ticks a step whose
 * every lookup failed. In-process, loopback only, short timeouts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';
import { startLab, type LabHandle } from '../src/lab/index.js';

interface JsonReport {
  verdict: { rootCause: string | null; confidence: string | null; summary: string };
  findings: { role: string; rootCause: string; confidence: string; remediation: { summary: string; steps: string[]; settings?: { key: string; value: string }[] } }[];
}

/** the scenario's printed check command with a short timeout, and the args after it */
async function check(lab: LabHandle, extra: string[], format: 'json' | 'text'): Promise<{ code: number; out: string; err: string }> {
  const args = [...lab.checkArgs];
  const t = args.indexOf('--timeout');
  if (t >= 0) args.splice(t, 2);
  const io = createFakeIo({ env: { ...lab.checkEnv }, now: new Date(), stderrIsTTY: true });
  const code = await main(['check', ...args, '--timeout', '600ms', '--budget', '10s', ...extra, ...(format === 'json' ? ['--json'] : ['--no-color'])], io);
  return { code, out: io.out(), err: io.err() };
}

const CASES = [
  { resolver: 'closed', cause: 'dns-resolver-unreachable', outcome: 'UNREACHABLE' },
  { resolver: 'refused', cause: 'dns-resolver-unreachable', outcome: 'REFUSED' },
  { resolver: 'timeout', cause: 'dns-resolver-timeout', outcome: 'TIMEOUT' },
  { resolver: 'nxdomain-all', cause: 'dns-domain-unknown', outcome: 'NXDOMAIN' },
] as const;

describe('check off the company network', () => {
  let lab: LabHandle | undefined;
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });

  for (const c of CASES) {
    for (const server of [undefined, 'sip.corp.example:443']) {
      it(`resolver ${c.resolver}${server ? `, --server ${server}` : ''} → ${c.cause} (inferred)`, async () => {
        lab = await startLab({ scenario: 'healthy-autodiscover', resolver: c.resolver });
        const extra = server ? ['--server', server] : [];
        const json = await check(lab, extra, 'json');
        const report = JSON.parse(json.out) as JsonReport;
        const why = `${report.verdict.summary}\n${report.findings.map((f) => `  ${f.role} ${f.rootCause} ${f.confidence}`).join('\n')}`;
        expect(json.code, why).toBe(1);
        expect(report.verdict.rootCause, why).toBe(c.cause);
        expect(report.verdict.confidence).toBe('inferred');
        expect(report.findings.map((f) => f.rootCause)).not.toContain('dns-no-sip-records');
        expect(report.findings.filter((f) => f.confidence === 'confirmed').map((f) => f.rootCause), why).toEqual([]);
        const primary = report.findings.find((f) => f.role === 'primary')!;
        expect(primary.remediation.summary).toBe('Connect to the company network or VPN, then run again.');
        expect(primary.remediation.steps.join('\n')).toMatch(/^Tried: \d+ DNS questions? to 127\.0\.0\.1:\d+: /m);
        const advice = report.findings.flatMap((f) => [f.remediation.summary, ...f.remediation.steps]).join('\n');
        expect(advice).not.toMatch(/spelling/i);
        // nothing the evidence shows unresolvable is recommended as the Server
        expect(report.findings.flatMap((f) => f.remediation.settings ?? []).filter((s) => s.key === 'server' && /corp\.example/.test(s.value))).toEqual([]);

        const text = await check(lab, extra, 'text');
        // the failing lookups are in the report, with their outcome
        expect(text.out).toMatch(new RegExp(`DNS A ${server ? 'sip' : 'lyncdiscover'}\\.corp\\.example → ${c.outcome}`));
        expect(text.out).not.toMatch(/Server\[:Port\]: sip\.corp\.example/);
        // progress: a ✗ for every failed lookup, never a ✓
        expect(text.err).toMatch(/✗ DNS A sip\.corp\.example/);
        expect(text.err).not.toMatch(/✓/);
      }, 20_000);
    }
  }

  it('a budget that runs out while the lookups wait: budget exhausted at the discovery step, not "DNS timed out"', async () => {
    lab = await startLab({ scenario: 'healthy-autodiscover', resolver: 'timeout' });
    const args = lab.checkArgs.filter((a, i, all) => a !== '--timeout' && all[i - 1] !== '--timeout');
    const io = createFakeIo({ env: { ...lab.checkEnv }, now: new Date() });
    const code = await main(['check', ...args, '--timeout', '5s', '--budget', '400ms', '--json'], io);
    const report = JSON.parse(io.out()) as JsonReport & { findings: { explanation?: string }[] };
    expect(code).toBe(1);
    expect(report.verdict.rootCause).toBe('check-budget-exhausted');
    const primary = report.findings.find((f) => f.role === 'primary') as unknown as { explanation: string; remediation: { summary: string } };
    expect(primary.explanation).toMatch(/budget of 0\.4 s ran out at step discovery for corp\.example/);
    expect(primary.remediation.summary).toMatch(/--budget 31s/);
  }, 20_000);

  it('the SIP records really missing (the domain exists) stays dns-no-sip-records, confirmed', async () => {
    lab = await startLab({ scenario: 'dns-no-sip-records' });
    const report = JSON.parse((await check(lab, [], 'json')).out) as JsonReport;
    expect(report.verdict.rootCause).toBe('dns-no-sip-records');
    expect(report.verdict.confidence).toBe('confirmed');
  }, 20_000);
});
