import { expect } from 'vitest';
import type { DnsLookup } from '../../evidence/kinds.js';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './resolver-unreachable.js';

const S = '10.0.0.53:53';
const dns = (name: string, type: 'SRV' | 'A', outcome: DnsLookup['data']['outcome'], error?: string) =>
  ev.dns({ name, type, outcome, server: S, ...(error ? { error } : {}) }, { probe: 'dns' });

ruleTester.run(rule, {
  pass: [
    { name: 'the resolver answered (NXDOMAIN is an answer)', evidence: [ev.account(), dns('_sipinternaltls._tcp.corp.example', 'SRV', 'nxdomain'), dns('corp.example', 'A', 'unreachable')] },
    { name: 'every lookup timed out: dns/resolver-timeout, not this', evidence: [ev.account(), dns('_sip._tls.corp.example', 'SRV', 'timeout'), dns('corp.example', 'A', 'timeout')] },
  ],
  fail: [
    {
      name: 'port closed (ICMP): every lookup unreachable',
      evidence: [ev.account(), dns('_sipinternaltls._tcp.corp.example', 'SRV', 'unreachable', 'ECONNREFUSED'), dns('lyncdiscover.corp.example', 'A', 'unreachable', 'ECONNREFUSED'), dns('corp.example', 'A', 'unreachable', 'ECONNREFUSED')],
      problems: [{
        messageId: 'network', confidence: 'inferred', severity: 'error',
        data: { server: S, error: 'ECONNREFUSED', count: 3, names: /_sipinternaltls\._tcp\.corp\.example \(SRV UNREACHABLE\), lyncdiscover\.corp\.example \(A UNREACHABLE\)/ },
        remediation: (r) => {
          expect(r.summary).toBe('Connect to the company network or VPN, then run again.');
          expect(r.settings ?? []).toEqual([]);
          expect(r.adminActions ?? []).toEqual([]);
          expect(r.steps.join('\n')).toMatch(/Tried: 3 DNS questions to 10\.0\.0\.53:53: _sipinternaltls/);
          expect(r.steps.join('\n')).toMatch(/What would settle it/);
        },
      }],
    },
    { name: 'no route: unreachable and timeouts mixed', evidence: [ev.account(), dns('_sip._tls.corp.example', 'SRV', 'unreachable', 'ENETUNREACH'), dns('corp.example', 'A', 'timeout')], problems: [{ messageId: 'network', data: { error: 'ENETUNREACH' } }] },
    { name: 'REFUSED for everything', evidence: [ev.account(), dns('_sip._tls.corp.example', 'SRV', 'refused'), dns('corp.example', 'A', 'refused')], problems: [{ messageId: 'refused', confidence: 'inferred' }] },
    { name: 'SERVFAIL for everything (a stub resolver with no upstream)', evidence: [ev.account(), dns('_sip._tls.corp.example', 'SRV', 'servfail'), dns('corp.example', 'A', 'refused')], problems: [{ messageId: 'servfail', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'no lookups', evidence: [ev.account()] }],
});
