import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './certificate-provisioning-failure.js';

ruleTester.run(rule, {
  pass: [{ name: 'certificate issued', evidence: [ev.webticket({ stage: 'certificate', outcome: 'issued' })] }],
  fail: [
    { name: 'GetAndPublishCert failed', evidence: [ev.webticket({ stage: 'certificate', outcome: 'failed', url: 'https://pool01.corp.example/CertProv/CertProvisioningService.svc/WebTicket_Proof' }), ev.clientError({ reason: 2, description: 'Certificate request to https://pool01.corp.example/CertProv/CertProvisioningService.svc/WebTicket_Proof failed' })], problems: [{ messageId: 'failed', confidence: 'confirmed' }] },
    {
      name: 'translated error right after the certificate request failed (SIPE lines only)',
      evidence: [
        ev.http({ url: 'https://lyncweb.corp.example/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1', purpose: 'certprov', status: 500, outcome: 'http-error' }),
        ev.translatedError(2, 'La demande de certificat auprès de https://lyncweb.corp.example/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1 a échoué'),
      ],
      problems: [{ messageId: 'stoppedAfter', confidence: 'inferred', data: { answer: 'HTTP 500', reason: '2' } }],
    },
    { name: 'text only', evidence: [ev.clientError({ reason: 2, description: 'No URI for certificate provisioning service provided' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'nothing', evidence: [ev.account()] }],
});
