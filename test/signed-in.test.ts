import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.js';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';

/** Signed-in sessions, failures after sign-in, and a no-bodies log whose credentials were proven right. */
const fixture = (p: string): string => join(import.meta.dirname, '../fixtures', p);

interface Report {
  verdict: { rootCause: string | null; confidence: string | null; outcome: string; summary: string };
  findings: { rootCause: string; role: string; confidence: string; explanation: string }[];
}

async function analyze(p: string): Promise<{ code: number; report: Report }> {
  const io = createFakeIo();
  const code = await main(['analyze', '--json', fixture(p)], io);
  return { code, report: JSON.parse(io.out()) as Report };
}

describe('signed in, and after sign-in', () => {
  it('a tail with validated signatures and accepted subscriptions is signed in; an HTTP side connection\'s Read error is not a sign-in failure', async () => {
    const { code, report } = await analyze('signed-in/tail-no-bodies-http-read-error.log');
    expect(report.verdict).toMatchObject({ rootCause: null, outcome: 'signed-in' });
    expect(report.verdict.summary).toMatch(/^SIPE signed in: the session is working/);
    expect(report.findings.filter((f) => f.role === 'primary' || f.role === 'consequence')).toEqual([]);
    expect(code).toBe(ExitCode.Ok);
  });

  it('a call refused with 488 after sign-in (no bodies): "signed in; this is not a sign-in problem"', async () => {
    const { report } = await analyze('signed-in/tail-no-bodies-invite-488.log');
    expect(report.verdict).toMatchObject({ rootCause: null, outcome: 'signed-in' });
    expect(report.verdict.summary).toMatch(/^Signed in; this is not a sign-in problem: a call or conference invitation was answered 488: the other side could not accept/);
    expect(report.findings).toEqual([expect.objectContaining({ rootCause: 'after-sign-in-failure', role: 'warning', confidence: 'confirmed' })]);
  });

  it('a BYE with ms-diagnostics 21006 after a full-dump sign-in', async () => {
    const { report } = await analyze('signed-in/full-bye-diagnostic.log');
    expect(report.verdict).toMatchObject({ rootCause: null, outcome: 'signed-in' });
    expect(report.verdict.summary).toMatch(/not a sign-in problem: the server ended a call or conference \(ms-diagnostics 21006/);
  });
});

describe('logs without bodies', () => {
  it('clock skew: a validated signature before the 401 proves the credentials, so the verdict is clock-skew (inferred), not auth-failed', async () => {
    const { report } = await analyze('no-bodies/clock-skew.log');
    expect(report.verdict).toMatchObject({ rootCause: 'clock-skew', confidence: 'inferred', outcome: 'failed' });
    expect(report.findings.map((f) => f.rootCause)).not.toContain('auth-failed');
    expect(report.findings.find((f) => f.rootCause === 'clock-skew')?.explanation).toMatch(/accepted the password and Login.*ms-diagnostics 1013 .*PURPLE_UNSAFE_DEBUG=1\) would confirm/);
  });
});
