import { describe, expect, it } from 'vitest';
import type { DraftFinding } from './types.js';
import { decideVerdict } from './decide.js';

const f = (over: Partial<DraftFinding>): DraftFinding => ({
  rootCause: 'tls-handshake-failed', ruleId: 'tls/handshake-failure', severity: 'error', step: 'tls', confidence: 'confirmed',
  title: 't', explanation: 'e', remediation: { summary: 'Fix it.', steps: [], audience: 'user' }, evidence: [], docsUrl: 'docs/rules/x.md', attempt: 'a2', ...over,
});

describe('decideVerdict', () => {
  it('a live check without a password that met a 401: says the sign-in was not tested, not "a longer --timeout"', () => {
    const { verdict } = decideVerdict([], { signedIn: false, missing: ['a connection error'], live: true, unansweredChallenge: 'NTLM' });
    expect(verdict.outcome).toBe('unknown');
    expect(verdict.summary).toMatch(/answered REGISTER with 401, asking for NTLM; the sign-in itself was not tested because no password was given/);
    expect(verdict.summary).not.toMatch(/--timeout/);
  });

  it('picks the earliest blocking step of the last attempt; later errors are consequences', () => {
    const tls = f({});
    const dns = f({ rootCause: 'dns-no-sip-records', ruleId: 'dns/missing-sip-records', step: 'dns' });
    const { verdict, findings } = decideVerdict([tls, dns], { lastAttempt: 'a2', signedIn: false, missing: [] });
    expect(verdict).toMatchObject({ rootCause: 'dns-no-sip-records', step: 'dns', outcome: 'failed', confidence: 'confirmed', attempt: 'a2' });
    expect(findings.map((x) => [x.rootCause, x.role])).toEqual([['dns-no-sip-records', 'primary'], ['tls-handshake-failed', 'consequence']]);
  });

  it('prefers confirmed over inferred, then the more specific cause, within a step', () => {
    const inferred = f({ rootCause: 'tls-certificate-expired', confidence: 'inferred' });
    const untrusted = f({ rootCause: 'tls-untrusted-certificate' });
    const generic = f({ rootCause: 'tls-handshake-failed' });
    expect(decideVerdict([generic, inferred, untrusted], { lastAttempt: 'a2', signedIn: false, missing: [] }).verdict.rootCause).toBe('tls-untrusted-certificate');
  });

  it('a retired Skype for Business Online deployment wins over an earlier-step cause (no setting helps there)', () => {
    const scheme = f({ rootCause: 'auth-scheme-mismatch', ruleId: 'auth/unoffered-scheme', step: 'client' });
    const retired = f({ rootCause: 'sfb-online-retired', ruleId: 'dns/retired-online-service', step: 'dns' });
    const { verdict, findings } = decideVerdict([scheme, retired], { lastAttempt: 'a2', signedIn: false, missing: [] });
    expect(verdict.rootCause).toBe('sfb-online-retired');
    expect(findings.map((x) => [x.rootCause, x.role])).toEqual([['sfb-online-retired', 'primary'], ['auth-scheme-mismatch', 'consequence']]);
  });

  it('lists earlier attempts without letting them decide, and warnings as warnings', () => {
    const earlier = f({ rootCause: 'tcp-connect-refused', step: 'network', attempt: 'a1' });
    const warning = f({ rootCause: 'autodiscover-failed', step: 'autodiscover', severity: 'warning' });
    const { verdict, findings } = decideVerdict([earlier, warning], { lastAttempt: 'a2', signedIn: true, missing: [] });
    expect(verdict).toMatchObject({ rootCause: null, outcome: 'signed-in' });
    expect(verdict.summary).toMatch(/SIPE signed in.*1 warning/);
    expect(findings.map((x) => x.role)).toEqual(['warning', 'earlier-attempt']);
  });

  it('says what is missing when nothing decides', () => {
    const { verdict } = decideVerdict([], { lastAttempt: 'a1', signedIn: false, clientError: 'SSL Connection Failed', missing: ['server discovery'] });
    expect(verdict.outcome).toBe('unknown');
    expect(verdict.summary).toMatch(/SSL Connection Failed.*missing: server discovery/);
  });
});
