import { describe, expect, it } from 'vitest';
import { ev } from '../../test/helpers/evidence.js';
import { defineRule } from '../rules/types.js';
import { evidenceRef, findingFrom } from './findings.js';

describe('rule problems to findings', () => {
  it('cites log, probe and config sources', () => {
    expect(evidenceRef(ev.tcp({}, { source: { type: 'log', file: 'debug.log', lines: [12, 14] } }))).toMatchObject({ where: 'debug.log:12-14', file: 'debug.log', lines: [12, 14], summary: 'TCP connect pool01.corp.example:5061 → ok' });
    expect(evidenceRef(ev.tcp({}, { probe: 'tls' })).where).toBe('probe:tls');
    expect(evidenceRef(ev.account({}, { source: { type: 'config', file: 'accounts.xml' } })).where).toBe('config:accounts.xml');
  });

  it('fills message and meta remediation templates from problem data', () => {
    const rule = defineRule({
      meta: {
        id: 'sip/x', category: 'sip', rootCause: 'server-error', severity: 'error', title: 'ok', failureTitle: 'bad', description: 'd',
        messages: { m: 'Server {host} said {code}.' }, remediation: { summary: 'Ask about {host}.', steps: ['Call {host}'], audience: 'admin', settings: [{ field: 'Server[:Port]', key: 'server', value: '{host}:5061', tab: 'Advanced' }] },
        requires: ['sip.register'],
      },
      check: () => ({ status: 'pass' }),
    });
    const r = ev.register({ status: 500 }, { attempt: 'a3' });
    const f = findingFrom(rule, { messageId: 'm', data: { host: 'fe1', code: 500 }, evidence: [r], confidence: 'confirmed', severity: 'warning' }, undefined);
    expect(f).toMatchObject({ explanation: 'Server fe1 said 500.', severity: 'warning', step: 'register', attempt: 'a3', title: 'bad', docsUrl: 'docs/rules/sip/x.md' });
    expect(f.remediation).toMatchObject({ summary: 'Ask about fe1.', steps: ['Call fe1'], settings: [{ value: 'fe1:5061' }] });
  });
});
