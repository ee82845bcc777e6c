import { describe, expect, it } from 'vitest';
import { createPseudonymizer } from '../report/pii.js';
import { blockedReport } from '../../test/cli-fixtures.js';
import { summarize, TriageAggregator, USERS_KEPT } from './aggregate.js';
import { exitCodeOf } from './run.js';
import type { FileSummary } from './types.js';

const problem = (file: string, rootCause: FileSummary['rootCause'], user?: string): FileSummary => ({
  file, kind: 'log', status: 'problem', rootCause, outcome: 'failed', ...(user ? { user } : {}),
});

describe('TriageAggregator', () => {
  it('counts per root cause, keeps 3 examples and distinct users, root causes before signed-in', () => {
    const a = new TriageAggregator();
    for (let i = 0; i < 5; i++) a.add(problem(`f${i}.log`, 'client-version-blocked', `user${i % 2}@x.example`));
    a.add(problem('g.log', 'auth-failed', 'user9@x.example'));
    a.add({ file: 'ok.log', kind: 'log', status: 'ok', rootCause: null, outcome: 'signed-in' });
    a.add({ file: 'n.txt', kind: 'log', status: 'skipped', rootCause: null, reason: 'not-a-debug-log', message: 'x' });
    const t = a.totals();
    expect(t).toMatchObject({ files: 8, diagnosed: 7, problems: 6, ok: 1, skipped: 1, errors: 0 });
    expect(t.groups.map((g) => [g.key, g.count])).toEqual([['client-version-blocked', 5], ['auth-failed', 1], ['signed-in', 1]]);
    expect(t.groups[0]!.examples).toEqual(['f0.log', 'f1.log', 'f2.log']);
    expect(t.groups[0]!.users).toEqual(['user0@x.example', 'user1@x.example']);
    expect(t.skippedGroups).toMatchObject([{ key: 'not-a-debug-log', count: 1, title: 'not a debug log' }]);
    expect(exitCodeOf(t)).toBe(1);
  });

  it('bounds the users it remembers', () => {
    const a = new TriageAggregator();
    for (let i = 0; i < USERS_KEPT + 50; i++) a.add(problem(`f${i}`, 'auth-failed', `u${i}@x.example`));
    expect(a.totals().groups[0]!.users).toHaveLength(USERS_KEPT);
  });

  it('exit code: 3 on a crash, 2 when nothing was diagnosed, 0 when all fine', () => {
    const a = new TriageAggregator();
    a.add({ file: 'b', kind: 'log', status: 'skipped', rootCause: null, reason: 'binary' });
    expect(exitCodeOf(a.totals())).toBe(2);
    a.add({ file: 'ok', kind: 'log', status: 'ok', rootCause: null, outcome: 'signed-in' });
    expect(exitCodeOf(a.totals())).toBe(0);
    a.add({ file: 'c', kind: 'log', status: 'error', rootCause: null, reason: 'internal-error', message: 'bug' });
    expect(exitCodeOf(a.totals())).toBe(3);
  });

  it('summarize pseudonymizes the user consistently', () => {
    const p = createPseudonymizer();
    const r = { file: 'a.log', kind: 'log' as const, status: 'problem' as const, report: blockedReport() };
    const s1 = summarize(r, p);
    const s2 = summarize({ ...r, file: 'b.log' }, p);
    expect(s1.user).toBe('user1@domain1.example');
    expect(s2.user).toBe(s1.user);
    expect(s1).toMatchObject({ rootCause: 'client-version-blocked', step: 'register', outcome: 'failed' });
  });
});
