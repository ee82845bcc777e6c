import { expect } from 'vitest';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import type { Observation } from '../../evidence/kinds.js';
import rule from './budget-exhausted.js';

let n = 0;
const stopped = (data: Extract<Observation, { kind: 'check.stopped' }>['data']): Observation =>
  ({ id: `s${++n}`, kind: 'check.stopped', attempt: 'a1', source: { type: 'probe', probe: 'check' }, data }) as Observation;

ruleTester.run(rule, {
  pass: [],
  fail: [
    {
      name: 'the budget ran out during REGISTER',
      evidence: [stopped({ reason: 'budget', step: 'REGISTER → pool.corp.example:5061', budgetMs: 2000, elapsedMs: 2001 })],
      problems: [{
        messageId: 'budget', confidence: 'inferred', severity: 'error', data: { budget: '2 s', step: 'REGISTER → pool.corp.example:5061' },
        remediation: (r) => {
          expect(r.summary).toBe('Run the check again with a larger --budget (e.g. --budget 32s).');
          expect(r.settings ?? []).toEqual([]);
        },
      }],
    },
    { name: 'between steps', evidence: [stopped({ reason: 'budget', budgetMs: 60_000 })], problems: [{ messageId: 'budgetBetween', data: { budget: '60 s' }, remediation: (r) => expect(r.summary).toMatch(/--budget 120s/) }] },
  ],
  inconclusive: [
    { name: 'Ctrl-C is not the budget', evidence: [stopped({ reason: 'interrupted', step: 'DNS A sip.corp.example' })], status: 'not-applicable' },
  ],
});
