import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './refused-connection.js';

ruleTester.run(rule, {
  pass: [
    { name: 'connected', evidence: [ev.tcp()] },
    { name: 'refused HTTP (autodiscover) is not SIP', evidence: [ev.tcp({ purpose: 'http', port: 443, outcome: 'refused' }), ev.tcp()] },
  ],
  fail: [
    {
      name: 'a translated strerror (French glibc text for "Connection refused"): inferred',
      evidence: [ev.tcp({ port: 5061, outcome: 'refused', error: 'Connexion refusée', basis: 'translated-text', errorEnglish: 'Connection refused', language: 'fr' })],
      problems: [{ messageId: 'refusedTranslated', confidence: 'inferred', data: { text: 'Connexion refusée', language: 'fr' } }],
    },
    {
      name: 'user-specified server refuses 5060',
      evidence: [ev.account({ server: 'pool01.corp.example:5060' }), ev.tcp({ port: 5060, outcome: 'refused' }), ev.clientError({ description: 'Could not connect' })],
      problems: [{ messageId: 'refused', severity: 'error', data: { host: 'pool01.corp.example', port: 5060 }, settings: [{ key: 'server', value: 'pool01.corp.example:5061' }] }],
    },
    {
      name: 'first candidate refused, next connected',
      evidence: [ev.account(), ev.tcp({ host: 'sipinternal.corp.example', outcome: 'refused' }), ev.tcp({ host: 'sip.corp.example', port: 443 }), ev.transport({ event: 'connected', host: 'sip.corp.example', port: 443 })],
      problems: [{ messageId: 'refusedSurvived', severity: 'warning' }],
    },
  ],
  inconclusive: [{ name: 'no connection attempt', evidence: [ev.account()] }],
});
