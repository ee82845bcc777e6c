import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
const P = { probe: 'dns' };
import rule from './missing-sip-records.js';

ruleTester.run(rule, {
  pass: [
    { name: 'SRV answered (live)', evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool01.corp.example', port: 5061 }])] },
    { name: 'SRV candidate in the log', evidence: [ev.account(), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'candidate', host: 'sip.corp.example', port: 443, via: 'a' })] },
  ],
  fail: [
    {
      name: 'log: a-none then SSL Connection Failed',
      evidence: [ev.account(), ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.tcp({ host: 'corp.example', outcome: 'refused' }), ev.clientError({ description: 'SSL Connection Failed' })],
      problems: [{
        messageId: 'fallbackThenError', confidence: 'confirmed', severity: 'error', data: { domain: 'corp.example', clientError: 'SSL Connection Failed' },
        settings: [{ field: 'Server[:Port]', key: 'server', value: 'sip.corp.example:443' }],
        remediation: (r) => {
          expect(r.adminActions).toContain('_sipinternaltls._tcp.corp.example. 86400 IN SRV 0 0 5061 pool01.corp.example.   (internal: front-end pool)');
          expect(r.adminActions?.join('\n')).toContain('_sip._tls.corp.example. 86400 IN SRV 0 0 443 sip.corp.example.');
          expect(r.steps.join('\n')).toMatch(/pool01\.corp\.example:5061.*\n.*placeholder/);
        },
      }],
    },
    {
      name: 'fallback survived: the bare domain answered SIP',
      evidence: [ev.account(), ev.discovery({ event: 'a-none' }), ev.transport({ event: 'connected', host: 'corp.example' }), ev.register({ status: 200 })],
      problems: [{ messageId: 'fallback', severity: 'warning' }],
    },
    {
      name: 'live: every candidate NXDOMAIN, the domain itself exists',
      evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', undefined, P), ev.srv('_sip._tls.corp.example', undefined, P), ev.dns({ name: 'lyncdiscover.corp.example', type: 'A', outcome: 'nxdomain' }, P), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'nxdomain' }, P), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nodata' }, P)],
      problems: [{
        messageId: 'noRecords', confidence: 'confirmed', data: { names: /_sipinternaltls\._tcp\.corp\.example \(SRV NXDOMAIN\)/ },
        // sip.corp.example was just shown NXDOMAIN: never the value to type
        remediation: (r) => {
          expect(r.settings ?? []).toEqual([]);
          expect(r.steps.join('\n')).not.toMatch(/set "Server\[:Port\]" to sip\.corp\.example/);
          expect(r.adminActions?.join('\n')).toContain('sip.corp.example. 86400 IN A');
        },
      }],
    },
    {
      name: 'live: candidates NXDOMAIN, but some timed out: probably, not proven',
      evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', undefined, P), ev.dns({ name: '_sip._tls.corp.example', type: 'SRV', outcome: 'timeout' }, P), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'nxdomain' }, P), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nodata' }, P)],
      problems: [{ messageId: 'noRecordsUnsure', confidence: 'inferred', data: { unsure: /1 question got no answer \(_sip\._tls\.corp\.example \(SRV TIMEOUT\)\)/ } }],
    },
    {
      name: 'live: candidates NXDOMAIN, the domain itself not looked up: inferred',
      evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', undefined, P), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'nxdomain' }, P)],
      problems: [{ messageId: 'noRecordsUnsure', confidence: 'inferred', data: { unsure: /corp\.example itself was not looked up/ } }],
    },
    {
      name: 'live fallback: everything NXDOMAIN but the domain exists: confirmed',
      evidence: [ev.account(), ev.discovery({ event: 'autodiscover-none' }), ev.srv('_sipinternaltls._tcp.corp.example', undefined, P), ev.discovery({ event: 'srv-none' }), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'nxdomain' }, P), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nodata' }, P)],
      problems: [{ messageId: 'fallback', confidence: 'confirmed' }],
    },
  ],
  inconclusive: [
    {
      name: 'live fallback after every lookup timed out: dns/resolver-timeout, never this',
      evidence: [ev.account(), ev.dns({ name: '_sipinternaltls._tcp.corp.example', type: 'SRV', outcome: 'timeout' }, P), ev.discovery({ event: 'srv-none' }), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'timeout' }, P), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.dns({ name: 'corp.example', type: 'A', outcome: 'timeout' }, P)],
      status: 'not-applicable',
    },
    {
      name: 'live fallback, the domain itself NXDOMAIN: dns/domain-unknown, never this',
      evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', undefined, P), ev.discovery({ event: 'srv-none' }), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'nxdomain' }, P), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nxdomain' }, P)],
      status: 'not-applicable',
    },
    {
      name: 'resolver unreachable',
      evidence: [ev.account(), ev.dns({ name: '_sipinternaltls._tcp.corp.example', type: 'SRV', outcome: 'unreachable' }, P), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.dns({ name: 'corp.example', type: 'A', outcome: 'unreachable' }, P)],
      status: 'not-applicable',
    },
    { name: 'Server field set', evidence: [ev.account({ server: 'pool01.corp.example:5061' }), ev.clientError()], status: 'not-applicable' },
    { name: 'no discovery seen', evidence: [ev.account()] },
    {
      name: 'fell back to the domain after an SRV target did not resolve: the SRV records exist (dns/unresolvable-host explains it)',
      evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool-old.corp.example', port: 5061 }]), ev.dns({ name: 'pool-old.corp.example', type: 'A', outcome: 'nxdomain' }),
        ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.discovery({ event: 'unresolvable', host: 'corp.example', via: 'domain' })],
      status: 'not-applicable',
    },
    {
      name: 'log: SRV hostname line before the fallback',
      evidence: [ev.account(), ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'candidate', via: 'srv', host: 'pool-old.corp.example', port: 5061 }),
        ev.discovery({ event: 'unresolvable', host: 'pool-old.corp.example' }), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.clientError({ description: 'SSL Connection Failed' })],
      status: 'not-applicable',
    },
    {
      name: 'no bodies: lyncdiscover resolved and accepted the HTTPS connection before the fallback, so records exist',
      evidence: [ev.account(), ev.dns({ name: 'lyncdiscoverinternal.corp.example', type: 'A', outcome: 'ok', answers: [] }),
        ev.tcp({ host: 'lyncdiscoverinternal.corp.example', port: 443, outcome: 'ok', purpose: 'http' }),
        ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.clientError({ description: 'SSL Connection Failed' })],
      status: 'not-applicable',
    },
    {
      name: 'autodiscover answered (an HTML page) before the fallback: autodiscover/unusable-answer explains it',
      evidence: [ev.account(), ev.autodiscover({ contentType: 'text/html' }), ev.discovery({ event: 'autodiscover-none' }), ev.discovery({ event: 'srv-none' }), ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.clientError({ description: 'SSL Connection Failed' })],
      status: 'not-applicable',
    },
  ],
});
