import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './after-sign-in.js';

ruleTester.run(rule, {
  pass: [],
  fail: [
    {
      name: 'signed in, then a call refused with 488 (no bodies: the status from SIPE\'s line)',
      evidence: [ev.register({ status: 200, outcome: 'registered' }), ev.transaction()],
      problems: [{ messageId: 'failed', confidence: 'confirmed', data: { meaning: /call or conference invitation was answered 488: the other side could not accept/ } }],
    },
    {
      name: 'signed in (validated signatures, subscriptions), then a subscription refused with ms-diagnostics 2165',
      evidence: [ev.auth({ event: 'signed-in', detail: 'subscription accepted' }), ev.transaction({ method: 'SUBSCRIBE', msDiagnostics: [{ code: 2165, public: false, reason: "Contact subscription is not allowed as the user's contact list has migrated to Exchange." }] })],
      problems: [{ messageId: 'failed', data: { meaning: /subscription .* 2165 .*moved to Exchange/ } }],
    },
    {
      name: 'a BYE with ms-diagnostics 21006 after sign-in',
      evidence: [ev.register({ status: 200, outcome: 'registered' }), ev.transaction({ method: 'BYE', direction: 'request', msDiagnostics: [{ code: 21006, public: false, reason: 'The RDP connection failed to establish.' }] })],
      problems: [{ messageId: 'failed', data: { meaning: /server ended a call or conference \(ms-diagnostics 21006 .*RDP/ } }],
    },
  ],
  inconclusive: [
    { name: 'nothing failed after sign-in', evidence: [ev.register({ status: 200, outcome: 'registered' })], status: 'not-applicable' },
    { name: 'a failed INVITE without proof of sign-in', evidence: [ev.transaction()], status: 'inconclusive' },
  ],
});
