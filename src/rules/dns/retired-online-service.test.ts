import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './retired-online-service.js';

ruleTester.run(rule, {
  pass: [{ name: 'on-premises pool', evidence: [ev.account({ server: 'pool01.corp.example:5061' }), ev.tcp()] }],
  fail: [
    { name: 'SRV to sipdir.online.lync.com', evidence: [ev.account(), ev.srv('_sip._tls.corp.example', [{ target: 'sipdir.online.lync.com', port: 443 }])], problems: [{ messageId: 'online', confidence: 'confirmed', data: { hosts: 'sipdir.online.lync.com' } }] },
    { name: 'web ticket URL on infra.lync.com', evidence: [ev.http({ url: 'https://webpoolam30e02.infra.lync.com/WebTicket/WebTicketService.svc/WsFed_bearer', status: 500, outcome: 'http-error' })], problems: [{ messageId: 'online', severity: 'error', data: { hosts: 'webpoolam30e02.infra.lync.com' } }] },
    {
      name: 'the online web ticket service answered with a specific fault (log from before the retirement): warning only',
      evidence: [ev.http({ url: 'https://webdir0e-ext.online.lync.com/WebTicket/WebTicketService.svc/WsFedBearer', status: 500, outcome: 'fault', fault: 'SIP URI mismatch' })],
      problems: [{ messageId: 'online', severity: 'warning', data: { hosts: 'webdir0e-ext.online.lync.com' } }],
    },
    {
      name: 'only the client error names the host',
      evidence: [ev.clientError({ reason: 2, description: 'Web ticket request to https://webdir0e-ext.online.lync.com:443/CertProv/CertProvisioningService.svc failed' })],
      problems: [{ messageId: 'clientText', confidence: 'inferred', data: { hosts: 'webdir0e-ext.online.lync.com' } }],
    },
  ],
  inconclusive: [{ name: 'nothing with a host', evidence: [ev.account()] }],
});
