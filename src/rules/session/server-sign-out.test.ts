import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './server-sign-out.js';

ruleTester.run(rule, {
  pass: [{ name: 'another error', evidence: [ev.clientError({ description: 'Authentication failed' })] }],
  fail: [
    {
      name: 'only SIPE\'s deregistration line (no bodies), translated error',
      evidence: [{ ...ev.session(), data: {} }, ev.translatedError(1, 'Vous avez été rejeté par le serveur : Utilisateur désactivé')],
      problems: [{ messageId: 'endedNoReason', confidence: 'inferred' }],
    },
    { name: 'deregistered NOTIFY', evidence: [ev.session({ event: 'unregistered', reason: 'you are already signed in at another location' })], problems: [{ messageId: 'ended', confidence: 'confirmed', data: { what: /already signed in/ } }] },
    { name: 'text only', evidence: [ev.clientError({ reason: 1, description: 'You have been rejected by the server: user disabled' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'nothing', evidence: [] }],
});
