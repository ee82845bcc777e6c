import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './ticket-failure.js';

const wtError = 'Web ticket request to https://pool01.corp.example/CertProv/CertProvisioningService.svc failed';

ruleTester.run(rule, {
  pass: [{ name: 'issued', evidence: [ev.webticket()] }],
  fail: [
    { name: 'failed with fault', evidence: [ev.webticket({ outcome: 'failed', fault: 'Authentication Failure' }), ev.clientError({ reason: 2, description: wtError })], problems: [{ messageId: 'failed', confidence: 'confirmed', data: { fault: ': "Authentication Failure"' } }] },
    { name: 'HTTP 500 from the service', evidence: [ev.http({ status: 500, outcome: 'http-error' }), ev.clientError({ reason: 2, description: wtError })], problems: [{ messageId: 'http', data: { answer: 'HTTP 500' } }] },
    {
      name: 'translated error right after the web ticket service answered 500 (SIPE lines only)',
      evidence: [
        ev.http({ url: 'https://lyncweb.corp.example/WebTicket/WebTicketService.svc/Auth', status: 500, outcome: 'http-error' }),
        ev.translatedError(2, 'La demande de ticket web auprès de https://lyncweb.corp.example/CertProv/CertProvisioningService.svc a échoué'),
      ],
      problems: [{ messageId: 'stoppedAfter', confidence: 'inferred', data: { answer: 'HTTP 500', reason: '2' } }],
    },
    { name: 'text only', evidence: [ev.clientError({ reason: 2, description: wtError })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [
    { name: 'SIP URI mismatch is more specific', evidence: [ev.http({ status: 500, outcome: 'fault', fault: 'Web ticket request error - SIP URI mismatch' }), ev.clientError({ description: wtError })], status: 'not-applicable' },
    { name: 'nothing', evidence: [ev.account()] },
  ],
});
