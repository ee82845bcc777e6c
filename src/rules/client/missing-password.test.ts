import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './missing-password.js';

ruleTester.run(rule, {
  pass: [
    { name: 'password stored', evidence: [ev.account({ hasPassword: true })] },
    { name: 'SSO on', evidence: [ev.account({ sso: true, hasPassword: false })] },
    { name: 'another error', evidence: [ev.account(), ev.clientError({ description: 'Authentication failed' })] },
  ],
  fail: [
    { name: 'refused with accounts.xml evidence', evidence: [ev.account({ hasPassword: false, sso: false }), ev.clientError({ reason: 1, description: 'Password is required when Single Sign-On is not enabled' })], problems: [{ messageId: 'refused', confidence: 'confirmed', severity: 'error' }] },
    { name: 'text only', evidence: [ev.clientError({ reason: 2, description: 'Password required' })], problems: [{ messageId: 'refused', confidence: 'inferred' }] },
    { name: 'accounts.xml: not stored', evidence: [ev.account({ hasPassword: false, sso: false }, { source: { type: 'config', file: 'accounts.xml' } })], problems: [{ messageId: 'notStored', severity: 'warning' }] },
  ],
  inconclusive: [{ name: 'log account without password info', evidence: [ev.account()] }],
});
