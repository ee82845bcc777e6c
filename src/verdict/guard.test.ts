import { describe, expect, it } from 'vitest';
import { ev } from '../../test/helpers/evidence.js';
import type { Observation } from '../evidence/kinds.js';
import { createEvidenceSet } from '../evidence/set.js';
import type { Remediation } from '../rules/types.js';
import { evidenceRef } from './findings.js';
import { guardFindings } from './guard.js';
import type { DraftFinding } from './types.js';

const finding = (remediation: Remediation, evidence: readonly Observation[] = [], over: Partial<DraftFinding> = {}): DraftFinding => ({
  rootCause: 'tls-hostname-mismatch', ruleId: 'tls/hostname-mismatch', severity: 'error', step: 'tls', confidence: 'confirmed',
  title: 't', explanation: 'e', remediation, evidence: evidence.map(evidenceRef), docsUrl: 'docs/rules/x.md', ...over,
});
const server = (value: string): Remediation => ({
  summary: `Set Server[:Port] to ${value}.`,
  steps: [`In Pidgin set "Server[:Port]" to ${value}.`, 'Keep "Connection type" on Auto.'],
  audience: 'user',
  settings: [{ field: 'Server[:Port]', key: 'server', value, tab: 'Advanced' }],
});
const guard = (f: DraftFinding, obs: readonly Observation[]): DraftFinding => guardFindings([f], createEvidenceSet(obs))[0]!;

describe('remediation never contradicts the evidence', () => {
  it('drops a Server value the evidence shows NXDOMAIN, with the steps that recommend it, and says why', () => {
    const obs = [ev.account(), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'nxdomain' })];
    const r = guard(finding(server('sip.corp.example:443')), obs).remediation;
    expect(r.settings).toBeUndefined();
    expect(r.summary).toBe('Ask your administrator which server name and port to enter in Server[:Port].');
    expect(r.steps).toEqual(['Keep "Connection type" on Auto.', expect.stringMatching(/^Do not enter sip\.corp\.example:443 in Server\[:Port\]: sip\.corp\.example does not resolve from this computer \(A NXDOMAIN\)/)]);
  });

  it('drops a Server host:port that timed out, keeps one that resolves and connects', () => {
    const obs = [ev.account(), ev.dns({ name: 'pool01.corp.example', type: 'A', answers: [{ address: '192.0.2.10' }] }), ev.tcp({ host: 'pool01.corp.example', port: 5061, outcome: 'timeout' }), ev.tcp({ host: 'pool01.corp.example', port: 443, outcome: 'ok' })];
    expect(guard(finding(server('pool01.corp.example:5061')), obs).remediation.settings).toBeUndefined();
    expect(guard(finding(server('pool01.corp.example:443')), obs).remediation.settings).toEqual([expect.objectContaining({ value: 'pool01.corp.example:443' })]);
  });

  it('never recommends a name that does not belong to the deployment (a middlebox certificate)', () => {
    const obs = [ev.account({ server: '192.0.2.10:5061' }), ev.cert({ host: '192.0.2.10', altNames: ['portal.hotspot.example'], hostnameMatch: false })];
    const r = guard(finding(server('portal.hotspot.example:5061')), obs).remediation;
    expect(r.settings).toBeUndefined();
    expect(r.steps.join('\n')).toMatch(/portal\.hotspot\.example is not a name of this deployment/);
    // a name in the SIP domain, or one DNS named (an SRV target elsewhere), is fine
    expect(guard(finding(server('pool01.corp.example:5061')), obs).remediation.settings).toHaveLength(1);
    const srv = [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'lync.hosting.example', port: 5061 }]), ev.dns({ name: 'lync.hosting.example', type: 'A', answers: [{ address: '192.0.2.7' }] })];
    expect(guard(finding(server('lync.hosting.example:5061')), srv).remediation.settings).toHaveLength(1);
    // clearing the field (auto-discovery) is always allowed
    expect(guard(finding(server('')), obs).remediation.settings).toHaveLength(1);
  });

  it('never presents a Login guessed from the address as the value to type when the Login is blank', () => {
    const rem: Remediation = {
      summary: 'Re-enter the password and set Login to CORP\\alice.', steps: ['Set Login to CORP\\alice.', 'Re-enter the password.'], audience: 'user',
      settings: [{ field: 'Login', key: 'login', value: 'CORP\\alice', tab: 'Basic' }],
    };
    const blank = guard(finding(rem, [], { rootCause: 'auth-failed' }), [ev.account({ login: '' })]).remediation;
    expect(blank.settings).toBeUndefined();
    expect(blank.summary).toBe('Re-enter the password, and keep your Login as it is.');
    expect([blank.summary, ...blank.steps].join('\n')).not.toContain('CORP\\alice');
    // a bare Login without its domain: the suggestion stands (config rules, login-format-mismatch)
    expect(guard(finding(rem), [ev.account({ login: 'alice' })]).remediation.settings).toHaveLength(1);
  });

  it('a confirmed finding resting on a wait the budget cut off becomes inferred', () => {
    const wait = ev.register({ outcome: 'no-response' });
    const stopped = { id: 'stop', kind: 'check.stopped', source: { type: 'probe', probe: 'check' }, data: { reason: 'budget', step: 'REGISTER → pool01.corp.example:5061', budgetMs: 1000 } } as Observation;
    const f = finding({ summary: 's', steps: [], audience: 'admin' }, [wait], { rootCause: 'register-timeout' });
    const g = guard(f, [ev.account(), wait, stopped]);
    expect(g.confidence).toBe('inferred');
    expect(g.explanation).toMatch(/--budget ran out during this wait/);
    expect(guard(f, [ev.account(), wait]).confidence).toBe('confirmed');
  });

  it('leaves sound advice untouched (same object)', () => {
    const f = finding(server('pool01.corp.example:5061'));
    expect(guardFindings([f], createEvidenceSet([ev.account(), ev.dns({ name: 'pool01.corp.example', type: 'A', answers: [{ address: '192.0.2.10' }] })]))[0]).toBe(f);
  });
});
