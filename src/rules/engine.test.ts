import { describe, expect, it } from 'vitest';
import { createEvidenceSet } from '../evidence/set.js';
import { ev, inAttempt } from '../../test/helpers/evidence.js';
import { runRules, runRulesByAttempt, selectRules, unknownRuleSelectors } from './engine.js';
import { defineRule } from './types.js';
import type { Rule } from './types.js';

const ctx = { now: new Date('2026-01-01T00:00:00Z'), options: {} };
const meta = (id: string, requires: Rule['meta']['requires']): Rule['meta'] => ({
  id, category: 'sip', rootCause: 'server-error', severity: 'error', title: 't', failureTitle: 'f', description: 'd',
  messages: { m: 'x' }, remediation: { summary: 's', steps: [], audience: 'user' }, requires,
});

const failing = defineRule({ meta: meta('sip/failing', ['sip.register']), check: (e) => ({ status: 'fail', problems: e.all('sip.register').map((r) => ({ messageId: 'm', evidence: [r], confidence: 'confirmed' as const })) }) });
const throwing = defineRule({ meta: meta('sip/throwing', ['sip.register']), check: () => { throw new Error('boom'); } });
const sneaky = defineRule({ meta: meta('sip/sneaky', ['sip.register']), check: (e) => (e.all('client.error').length ? { status: 'pass' } : { status: 'pass' }) });
const accountOnly = defineRule({ meta: { ...meta('client/account-only', ['client.account']), category: 'client' }, check: (e) => ({ status: 'fail', problems: e.all('client.account').map((a) => ({ messageId: 'm', evidence: [a], confidence: 'confirmed' as const })) }) });

describe('runRules', () => {
  const set = createEvidenceSet([ev.register({ status: 503 }), ev.clientError()]);

  it('contains a throwing rule as status error and goes on', () => {
    const runs = runRules(set, [throwing, failing], ctx);
    expect(runs.map((r) => r.status)).toEqual(['error', 'fail']);
    expect(runs[0]?.reason).toBe('boom');
  });

  it('a rule reading an undeclared kind errors (narrowed view)', () => {
    const [run] = runRules(set, [sneaky], ctx);
    expect(run?.status).toBe('error');
    expect(run?.reason).toMatch(/client\.error.*not declared/);
  });

  it('is inconclusive without any required kind, without calling the rule', () => {
    const [run] = runRules(createEvidenceSet([ev.clientError()]), [throwing], ctx);
    expect(run).toMatchObject({ status: 'inconclusive', reason: expect.stringContaining('sip.register') });
  });

  it('honours only / skip by id and by category', () => {
    expect(runRules(set, [failing, accountOnly], ctx, { only: ['sip'] }).map((r) => r.ruleId)).toEqual(['sip/failing']);
    expect(selectRules([failing, accountOnly], { skip: ['sip/failing'] }).map((r) => r.meta.id)).toEqual(['client/account-only']);
    expect(unknownRuleSelectors(['dns/nope', 'client'], [failing, accountOnly])).toEqual(['dns/nope']);
  });
});

describe('runRulesByAttempt', () => {
  it('runs per attempt, tags problems with their attempt, and keeps attempt-less problems once', () => {
    const account = ev.account();
    const obs = [account, ...inAttempt('a1', [ev.register({ status: 503 })]), ...inAttempt('a2', [ev.register({ status: 504 })])];
    const runs = runRulesByAttempt(createEvidenceSet(obs), [failing, accountOnly], ctx);
    const problems = runs.flatMap((r) => r.problems.map((p) => ({ rule: r.ruleId, attempt: p.attempt, ids: p.evidence.map((o) => o.id) })));
    expect(problems.filter((p) => p.rule === 'sip/failing').map((p) => p.attempt)).toEqual(['a1', 'a2']);
    const acc = problems.filter((p) => p.rule === 'client/account-only');
    expect(acc).toEqual([{ rule: 'client/account-only', attempt: 'a2', ids: [account.id] }]);
  });

  it('treats evidence without attempts as one attempt', () => {
    const runs = runRulesByAttempt(createEvidenceSet([ev.register({ status: 503 })]), [failing], ctx);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.problems[0]?.attempt).toBeUndefined();
  });
});
