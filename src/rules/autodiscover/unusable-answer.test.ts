import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './unusable-answer.js';

ruleTester.run(rule, {
  pass: [
    { name: 'server list', evidence: [ev.autodiscover({ sipInternal: 'pool01.corp.example:5061' })] },
    {
      name: 'healthy: the User link answers 401 with X-MS-WebTicketURL (a live check stops there) and SRV led on',
      evidence: [
        ev.account(),
        ev.autodiscover({ userLink: 'https://lyncweb.corp.example/Autodiscover/AutodiscoverService.svc/root/user' }),
        ev.autodiscover({ url: 'https://lyncweb.corp.example/Autodiscover/AutodiscoverService.svc/root/user', status: 401, contentType: 'text/html', webTicketUrl: 'https://lyncweb.corp.example/WebTicket/WebTicketService.svc' }),
        ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'candidate', host: 'pool.corp.example', port: 5061, via: 'srv' }), ev.register({ status: 200 }),
      ],
    },
    { name: 'connection refused is merely absent', evidence: [ev.autodiscover({ outcome: 'refused', status: undefined as never })] },
  ],
  fail: [
    {
      name: 'no message bodies: lyncdiscover reached, "no Lync Autodiscover servers found", nothing to fall back to (inferred)',
      evidence: [
        ev.tcp({ host: 'lyncdiscover.corp.example', port: 443, outcome: 'ok', purpose: 'http' }),
        ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' }),
      ],
      problems: [{ messageId: 'answeredUnseen', confidence: 'inferred', severity: 'error', data: { hosts: 'lyncdiscover.corp.example' } }],
    },
    {
      name: 'HTML portal, SRV worked → warning',
      evidence: [ev.autodiscover({ contentType: 'text/html' }), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool01.corp.example', port: 5061 }])],
      problems: [{ messageId: 'unusable', severity: 'warning', data: { host: 'lyncdiscoverinternal.corp.example', why: /text\/html/ } }],
    },
    { name: '401 without web ticket URL, nothing else found → error', evidence: [ev.autodiscover({ status: 401, outcome: 'error' })], problems: [{ messageId: 'unusableNoFallback', severity: 'error' }] },
    {
      name: 'lab autodiscover-failed: HTML at both lyncdiscover URLs, no SRV/A, fallback to the domain failed → one blocking finding',
      evidence: [
        ev.account(), ev.autodiscover({ contentType: 'text/html; charset=utf-8' }),
        ev.autodiscover({ url: 'https://LyncDiscover.corp.example/?sipuri=alice@corp.example', contentType: 'text/html; charset=utf-8' }),
        ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' }),
        ev.discovery({ event: 'unresolvable', host: 'corp.example', via: 'domain' }),
      ],
      problems: [{ messageId: 'unusableNoFallback', severity: 'error', data: { others: /and 1 more autodiscover URL answered/ }, remediation: (r) => expect(r.summary).toMatch(/no SRV record to fall back to/) }],
    },
    {
      name: 'real SIPE log: answers look fine but SIPE says no autodiscover servers, no SRV/A → blocking',
      evidence: [
        ev.account(), ev.autodiscover({ userLink: 'https://lyncweb.corp.example/Autodiscover/AutodiscoverService.svc/root/user' }),
        ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' }),
        ev.clientError({ description: 'SSL Connection Failed' }),
      ],
      problems: [{ messageId: 'unusableNoFallback', severity: 'error', data: { why: /links to https:\/\/lyncweb\.corp\.example.*no SIP server list/ } }],
    },
  ],
  inconclusive: [
    { name: 'no autodiscover', evidence: [ev.discovery({ event: 'srv-none' })] },
    { name: 'no message bodies and no lyncdiscover host reached (that is DNS\'s business)', evidence: [ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' })] },
  ],
});
