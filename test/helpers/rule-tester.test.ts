import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/rules/types.js';
import { ev } from './evidence.js';
import { runRule } from './rule-tester.js';

const meta = {
  id: 'sip/x', category: 'sip' as const, rootCause: 'server-error' as const, severity: 'error' as const, title: 't', failureTitle: 'f', description: 'd',
  messages: { m: '{a}' }, remediation: { summary: 's', steps: [], audience: 'user' as const }, requires: ['sip.register' as const],
};

describe('rule tester helpers', () => {
  it('reports a rule that reads an undeclared kind', () => {
    const rule = defineRule({ meta, check: (e) => (e.has('client.error') ? { status: 'pass' } : { status: 'pass' }) });
    expect(() => runRule(rule, [ev.register()])).toThrow(/does not declare/);
  });

  it('freezes the supplied evidence', () => {
    const obs = ev.register();
    const rule = defineRule({ meta, check: (e) => { (e.all('sip.register')[0]!.data as { status?: number }).status = 1; return { status: 'pass' }; } });
    expect(() => runRule(rule, [obs])).toThrow(TypeError);
    expect(Object.isFrozen(obs.data)).toBe(true);
  });

  it('builders make unique ids and log sources, and derive REGISTER outcomes', () => {
    const a = ev.register({ status: 403 });
    const b = ev.register({ outcome: 'no-response' });
    expect(a.id).not.toBe(b.id);
    expect(a.data).toMatchObject({ status: 403, reasonPhrase: 'Forbidden', outcome: 'rejected' });
    expect(b.data.status).toBeUndefined();
    expect(a.source.type).toBe('log');
    expect(ev.tcp({}, { probe: 'tcp' }).source).toEqual({ type: 'probe', probe: 'tcp' });
  });
});
