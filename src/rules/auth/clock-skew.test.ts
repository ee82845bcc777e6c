import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './clock-skew.js';

ruleTester.run(rule, {
  pass: [{ name: 'registered', evidence: [ev.register({ status: 200 })] }],
  fail: [
    { name: 'ms-diagnostics 1013', evidence: [ev.register({ status: 401, msDiagnostics: [{ code: 1013, reason: 'Significant time skew detected during authentication.', public: false }] })], problems: [{ messageId: 'diagnostics', confidence: 'confirmed' }] },
    { name: 'Kerberos skew', evidence: [ev.auth({ event: 'gssapi-error', detail: 'Clock skew too great' })], problems: [{ messageId: 'text', data: { detail: 'Clock skew too great' } }] },
  ],
  inconclusive: [{ name: 'nothing relevant', evidence: [ev.clientError()] }],
});
