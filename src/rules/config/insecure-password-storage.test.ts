import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './insecure-password-storage.js';

const cfg = { source: { type: 'config' as const, file: '/home/alice/.purple/accounts.xml', account: 'alice@corp.example' } };

ruleTester.run(rule, {
  pass: [
    { name: 'password in an owner-only file', evidence: [ev.account({ hasPassword: true, fileMode: 0o600 }, cfg)] },
    { name: 'no password stored', evidence: [ev.account({ hasPassword: false, fileMode: 0o644 }, cfg)] },
  ],
  fail: [
    {
      name: 'world-readable',
      evidence: [ev.account({ hasPassword: true, fileMode: 0o644 }, cfg)],
      problems: [{
        messageId: 'readable', severity: 'warning', confidence: 'confirmed',
        data: { mode: '0644', who: 'every local user', file: '/home/alice/.purple/accounts.xml' },
        remediation: (r) => expect(r.summary).toContain('chmod 600'),
      }],
    },
    {
      name: 'group-readable',
      evidence: [ev.account({ hasPassword: true, fileMode: 0o640 }, cfg)],
      problems: [{ messageId: 'readable', data: { mode: '0640', who: /group/ } }],
    },
  ],
  inconclusive: [
    { name: 'mode unknown (log or Windows)', evidence: [ev.account({ hasPassword: true })], status: 'not-applicable' },
    { name: 'password storage unknown', evidence: [ev.account({})] },
  ],
});
