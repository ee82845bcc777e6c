import { expect } from 'vitest';
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
      problems: [{ messageId: 'foreignRefused', severity: 'error', data: { srv: '_sip._tls.corp.example' } }],
    },
    {
      name: 'live: SIPE went to the foreign pool, which refused the user (404 / 4006) → blocking, no foreign Server suggestion',
      evidence: [
        ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool.fabrikam.example', port: 5061 }]),
        ev.tcp({ host: 'pool.fabrikam.example', port: 5061 }), ev.tls({ host: 'pool.fabrikam.example', port: 5061 }),
        ev.register({ registrar: 'pool.fabrikam.example:5061', status: 404, msDiagnostics: [{ code: 4006, reason: 'User not found in pool.', public: false }] }),
      ],
      problems: [{ messageId: 'foreignRefused', severity: 'error', remediation: (r) => expect(r.settings ?? []).toEqual([]) }],
    },
    {
      name: 'live: the foreign pool signed the user in → only a warning',
      evidence: [
        ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool.fabrikam.example', port: 5061 }]),
        ev.tcp({ host: 'pool.fabrikam.example', port: 5061 }), ev.register({ registrar: 'pool.fabrikam.example:5061', status: 200 }),
      ],
      problems: [{ messageId: 'foreign', severity: 'warning' }],
    },
    {
      name: 'live: the attempt failed elsewhere (the foreign target was never used) → only a warning',
      evidence: [
        ev.account({ server: 'pool01.corp.example:5061' }), ev.srv('_sip._tls.corp.example', [{ target: 'edge.fabrikam.example', port: 443 }]),
        ev.tcp({ host: 'pool01.corp.example', port: 5061, outcome: 'refused' }),
      ],
      problems: [{ messageId: 'foreign', severity: 'warning' }],
    },
  ],
  inconclusive: [{ name: 'no SRV', evidence: [ev.account()] }],
});
