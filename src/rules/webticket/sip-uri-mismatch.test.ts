import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './sip-uri-mismatch.js';

ruleTester.run(rule, {
  pass: [
    { name: 'registered', evidence: [ev.account(), ev.register({ status: 200 })] },
    {
      name: 'the same refusal with a DOMAIN\\user Login of the same user is not read as another account',
      evidence: [
        ev.account({ signinName: 'alice@corp.example', login: 'CORP\\alice' }),
        ev.http({ url: 'https://adfs.corp.example/adfs/services/trust/2005/usernamemixed', purpose: 'adfs', status: 200, outcome: 'ok' }),
        ev.http({ url: 'https://lyncweb.corp.example/WebTicket/WebTicketService.svc/WsFed_bearer', status: 500, outcome: 'http-error' }),
        ev.translatedError(2, 'La demande de ticket web a échoué'),
      ],
    },
  ],
  fail: [
    {
      name: 'no bodies: another Login, its token accepted, then the Web Ticket service refused',
      evidence: [
        ev.account({ signinName: 'alice@corp.example', login: 'bob@corp.example' }),
        ev.http({ url: 'https://login.microsoftonline.com/RST2.srf', purpose: 'rst2', status: 200, outcome: 'ok' }),
        ev.http({ url: 'https://lyncweb.corp.example/WebTicket/WebTicketService.svc/WsFed_bearer', status: 500, outcome: 'http-error' }),
        ev.translatedError(2, 'La demande de ticket web auprès de https://lyncweb.corp.example/CertProv/CertProvisioningService.svc a échoué'),
      ],
      problems: [{ messageId: 'otherLogin', confidence: 'inferred', data: { login: 'bob@corp.example', answer: 'HTTP 500' } }],
    },
    {
      name: 'translated rejection holding the server URI-not-authorized words, reason 7',
      evidence: [ev.register({ status: 403 }), ev.translatedError(7, 'Vous avez été rejeté par le serveur : Credentials provided are not authorized to act as specified from URI.', 'fr')],
      problems: [{ messageId: 'translatedText', confidence: 'inferred' }],
    },
    {
      name: 'web ticket SOAP fault',
      evidence: [ev.account({ signinName: 'alice.smith@corp.example', login: 'asmith@corp.onmicrosoft.example' }), ev.http({ status: 500, outcome: 'fault', fault: 'Web ticket request error - SIP URI mismatch' }), ev.clientError({ reason: 2, description: 'Web ticket request to https://x/CertProv/CertProvisioningService.svc failed' })],
      problems: [{
        messageId: 'fault', confidence: 'confirmed', data: { signinName: 'alice.smith@corp.example', login: 'asmith@corp.onmicrosoft.example' },
        settings: [{ field: 'Username', key: 'username', value: 'alice.smith@corp.example' }, { field: 'Login', key: 'login', value: '' }],
        remediation: (r) => expect(r.steps.join('\n')).toContain('it is now "asmith@corp.onmicrosoft.example"'),
      }],
    },
    {
      name: '403 with ms-diagnostics-public 4004',
      evidence: [ev.account({ login: 'CORP\\bob' }), ev.register({ status: 403, msDiagnostics: [{ code: 4004, reason: 'Credentials provided are not authorized to act as specified from URI.', public: true }] })],
      problems: [{ messageId: 'forbidden', data: { code: 4004, login: 'CORP\\bob' } }],
    },
    { name: 'text only', evidence: [ev.clientError({ reason: 7, description: 'You have been rejected by the server: Credentials provided are not authorized to act as specified from URI.' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'account only', evidence: [ev.account()] }],
});
