import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './unusable-answer.js';

ruleTester.run(rule, {
  pass: [
    { name: 'server list', evidence: [ev.autodiscover({ sipInternal: 'pool01.corp.example:5061' })] },
    { name: 'connection refused is merely absent', evidence: [ev.autodiscover({ outcome: 'refused', status: undefined as never })] },
  ],
  fail: [
    {
      name: 'HTML portal, SRV worked → warning',
      evidence: [ev.autodiscover({ contentType: 'text/html' }), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool01.corp.example', port: 5061 }])],
      problems: [{ messageId: 'unusable', severity: 'warning', data: { host: 'lyncdiscoverinternal.corp.example', why: /text\/html/ } }],
    },
    { name: '401 without web ticket URL, nothing else found → error', evidence: [ev.autodiscover({ status: 401, outcome: 'error' })], problems: [{ messageId: 'unusable', severity: 'error' }] },
  ],
  inconclusive: [{ name: 'no autodiscover', evidence: [ev.discovery({ event: 'srv-none' })] }],
});
