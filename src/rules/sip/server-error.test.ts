import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './server-error.js';

ruleTester.run(rule, {
  pass: [{ name: 'registered', evidence: [ev.register({ status: 200 })] }],
  fail: [
    {
      name: '503 with ms-diagnostics',
      evidence: [ev.register({ status: 503, msDiagnostics: [{ code: 5000, reason: 'One or more critical applications are not running.', public: false }] }), ev.clientError({ description: 'Service unavailable: One or more critical applications are not running.' })],
      problems: [{ messageId: 'serverError', severity: 'error', data: { serverSaid: /503 Service Unavailable; ms-diagnostics 5000/ } }],
    },
    { name: '504 then registered is a warning', evidence: [ev.register({ status: 504 }), ev.register({ status: 401 }), ev.register({ status: 200 })], problems: [{ messageId: 'serverError', severity: 'warning' }] },
    {
      name: 'an answer that is not SIP',
      evidence: [ev.register({ outcome: 'no-response' }), ev.transport({ event: 'bad-answer', host: '10.0.0.5', port: 5060, detail: '1 answer that is not SIP (starting "garbage")' })],
      problems: [{ messageId: 'badAnswer', severity: 'error', confidence: 'confirmed', data: { peer: '10.0.0.5:5060' } }],
    },
    { name: 'text only', evidence: [ev.clientError({ description: 'Service unavailable: Request Timed-out.' })], problems: [{ messageId: 'clientText', confidence: 'inferred', data: { reason: 'Request Timed-out.' } }] },
  ],
  inconclusive: [{ name: 'no answer', evidence: [ev.register({ outcome: 'no-response' })] }],
});
