import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './foreign-srv-target.js';

ruleTester.run(rule, {
  pass: [
    { name: 'target in the domain', evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool01.corp.example', port: 5061 }])] },
    { name: 'Office 365 target is left to the retired-service rule', evidence: [ev.account(), ev.srv('_sip._tls.corp.example', [{ target: 'sipdir.online.lync.com', port: 443 }])] },
  ],
  fail: [
    {
      name: 'live SRV into another domain',
      evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool01.fabrikam.example', port: 5061 }])],
      problems: [{ messageId: 'foreign', data: { target: 'pool01.fabrikam.example', domain: 'corp.example' }, severity: 'warning', settings: [{ value: 'pool01.fabrikam.example:5061' }] }],
    },
    {
      name: 'log SRV hostname line, then the attempt failed',
      evidence: [ev.account(), ev.discovery({ event: 'candidate', via: 'srv', host: 'lync.fabrikam.example', port: 443 }), ev.clientError()],
      problems: [{ messageId: 'foreign', severity: 'error', data: { srv: '_sip._tls.corp.example' } }],
    },
  ],
  inconclusive: [{ name: 'no SRV', evidence: [ev.account()] }],
});
