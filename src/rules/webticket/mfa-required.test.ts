import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './mfa-required.js';

ruleTester.run(rule, {
  pass: [{ name: 'issued', evidence: [ev.webticket()] }],
  fail: [
    { name: 'ADFS failed, then web ticket failed', evidence: [ev.webticket({ outcome: 'failed', mfaSuspected: true }), ev.clientError({ description: 'Web ticket request to https://x failed' })], problems: [{ messageId: 'adfs', severity: 'error' }] },
    { name: 'ADFS failed but retry worked', evidence: [ev.webticket({ outcome: 'issued', mfaSuspected: true })], problems: [{ messageId: 'adfs', severity: 'warning' }] },
    { name: 'AADSTS50076 fault', evidence: [ev.http({ purpose: 'rst2', status: 200, outcome: 'fault', fault: 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication' }), ev.webticket({ outcome: 'failed' })], problems: [{ messageId: 'fault', severity: 'error' }] },
  ],
  inconclusive: [{ name: 'nothing', evidence: [ev.clientError()], status: 'not-applicable' }],
});
