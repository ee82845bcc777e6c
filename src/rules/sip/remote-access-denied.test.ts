import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './remote-access-denied.js';

ruleTester.run(rule, {
  pass: [
    { name: 'registered', evidence: [ev.register({ status: 200 })] },
    { name: 'the server\'s words in a translated error of another reason are not read as a rejection', evidence: [ev.register({ status: 403 }), ev.translatedError(2, 'From URI not enabled for remote access.', 'de')] },
  ],
  fail: [
    {
      name: 'translated rejection (no catalog) holding the server\'s own words, reason 7',
      evidence: [ev.register({ status: 403 }), ev.translatedError(7, "Sie wurden vom Server 'From URI not enabled for remote access.' abgewiesen", 'de')],
      problems: [{ messageId: 'translatedText', confidence: 'inferred' }],
    },
    {
      name: 'the same with the catalogs hidden (the analyzer cannot mark it translated: english is the text as is)',
      evidence: [ev.register({ status: 403 }), ev.clientError({ reason: 7, description: 'Vous avez été rejeté par le serveur : From URI not enabled for remote access.', translated: false })],
      problems: [{ messageId: 'translatedText', confidence: 'inferred' }],
    },
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
