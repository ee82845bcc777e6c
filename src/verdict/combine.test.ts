import { describe, expect, it } from 'vitest';
import { combineVerdicts } from './combine.js';
import type { Verdict } from './types.js';

const failed = (rootCause: Verdict['rootCause'], step: Verdict['step'], confidence: Verdict['confidence'] = 'inferred'): Verdict => ({
  rootCause, step, confidence, outcome: 'failed', summary: `${rootCause} happened`,
});
const signedIn: Verdict = { rootCause: null, step: null, confidence: null, outcome: 'signed-in', summary: 'Signed in.' };
const unknown: Verdict = { rootCause: null, step: null, confidence: null, outcome: 'unknown', summary: 'No attempt seen.' };

describe('combineVerdicts', () => {
  it('agreement: both witnesses name the same cause; confidence is the stronger one', () => {
    const c = combineVerdicts({ verdict: failed('auth-failed', 'auth', 'inferred') }, { verdict: failed('auth-failed', 'auth', 'confirmed') });
    expect(c).toMatchObject({ agreement: 'agree', decidedBy: 'both', rootCause: 'auth-failed', outcome: 'failed', confidence: 'confirmed' });
    expect(c.explanation).toMatch(/agree/);
  });

  it('agreement on a healthy account', () => {
    expect(combineVerdicts({ verdict: signedIn }, { verdict: signedIn })).toMatchObject({ agreement: 'agree', rootCause: null, outcome: 'signed-in' });
  });

  it('the client signs in, the probes fail: the probe side is suspected, the client decides', () => {
    const c = combineVerdicts({ verdict: failed('tls-untrusted-certificate', 'tls') }, { verdict: signedIn });
    expect(c).toMatchObject({ agreement: 'disagree', decidedBy: 'real-client', rootCause: null, outcome: 'signed-in' });
    expect(c.explanation).toMatch(/certificate the user accepted in Pidgin's dialog/);
    expect(combineVerdicts({ verdict: failed('dns-no-sip-records', 'dns') }, { verdict: signedIn }).explanation).toMatch(/system resolver/);
    expect(combineVerdicts({ verdict: failed('server-error', 'register') }, { verdict: signedIn }).explanation).toMatch(/--dns-server/);
  });

  it('the probes sign in, the client fails: the machine is suspected, the client decides', () => {
    const c = combineVerdicts({ verdict: signedIn }, { verdict: failed('client-xml-parser-broken', 'client') });
    expect(c).toMatchObject({ agreement: 'disagree', decidedBy: 'real-client', rootCause: 'client-xml-parser-broken' });
    expect(c.explanation).toMatch(/on this machine/);
  });

  it('different causes at different steps: says which got further', () => {
    const c = combineVerdicts({ verdict: failed('dns-no-sip-records', 'dns') }, { verdict: failed('auth-failed', 'auth') });
    expect(c).toMatchObject({ agreement: 'disagree', rootCause: 'auth-failed' });
    expect(c.explanation).toMatch(/live check stopped at an earlier step/);
  });

  it('a client that neither failed nor signed in leaves the decision to the live check', () => {
    const c = combineVerdicts({ verdict: failed('register-timeout', 'register') }, { verdict: unknown, reason: 'the time budget ended first' });
    expect(c).toMatchObject({ agreement: 'client-inconclusive', decidedBy: 'live-check', rootCause: 'register-timeout' });
  });

  it('one side only, and neither', () => {
    expect(combineVerdicts({ verdict: failed('auth-failed', 'auth') }, { reason: 'no finch' })).toMatchObject({ agreement: 'live-only', decidedBy: 'live-check' });
    expect(combineVerdicts({ verdict: failed('auth-failed', 'auth') }, { reason: 'no finch' }).explanation).toContain('no finch');
    expect(combineVerdicts({ reason: 'skipped' }, { verdict: signedIn })).toMatchObject({ agreement: 'client-only', outcome: 'signed-in' });
    expect(combineVerdicts({ reason: 'a' }, { reason: 'b' })).toMatchObject({ agreement: 'none', rootCause: null, outcome: 'unknown' });
  });
});
