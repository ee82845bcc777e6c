import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './user-not-enabled.js';

ruleTester.run(rule, {
  pass: [
    { name: 'registered', evidence: [ev.account(), ev.register({ status: 200 })] },
  ],
  fail: [
    {
      name: '404 with ms-diagnostics 1003',
      evidence: [ev.account(), ev.register({ status: 404, msDiagnostics: [{ code: 1003, reason: 'User does not exist.', public: false }] }), ev.clientError({ reason: 1, description: 'Not found: User does not exist.. Please contact your Administrator' })],
      problems: [{ messageId: 'notFound', confidence: 'confirmed', data: { signinName: 'alice@corp.example', serverSaid: /404 Not Found; ms-diagnostics 1003 "User does not exist\."/ } }],
    },
    { name: '480 with 4006', evidence: [ev.register({ status: 480, msDiagnostics: [{ code: 4006, reason: 'User not found in pool.', public: false }] })], problems: [{ messageId: 'notFound' }] },
    {
      name: 'client text only',
      evidence: [ev.account(), ev.clientError({ reason: 1, description: 'Not found: SIP is either not enabled for the destination URI or it does not exist. Please contact your Administrator' })],
      problems: [{ messageId: 'clientText', confidence: 'inferred' }],
    },
  ],
  inconclusive: [{ name: 'REGISTER not answered yet', evidence: [ev.register({ outcome: 'no-response' })] }],
});
