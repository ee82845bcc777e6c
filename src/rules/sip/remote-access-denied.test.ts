import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './remote-access-denied.js';

ruleTester.run(rule, {
  pass: [{ name: 'registered', evidence: [ev.register({ status: 200 })] }],
  fail: [
    {
      name: '403 + ms-diagnostics-public 4003',
      evidence: [ev.register({ status: 403, msDiagnostics: [{ code: 4003, reason: 'From URI not enabled for remote access.', public: true }] })],
      problems: [{ messageId: 'denied', confidence: 'confirmed', data: { serverSaid: /ms-diagnostics-public 4003/ } }],
    },
    {
      name: 'client text only',
      evidence: [ev.clientError({ reason: 7, description: 'You have been rejected by the server: From URI not enabled for remote access.' })],
      problems: [{ messageId: 'clientText', confidence: 'inferred' }],
    },
  ],
  inconclusive: [{ name: 'no answer', evidence: [ev.register({ outcome: 'no-response' })] }],
});
