import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
const P = { probe: 'dns' };
import rule from './resolver-timeout.js';

const S = '10.0.0.53:53';

ruleTester.run(rule, {
  pass: [
    { name: 'one answer among timeouts', evidence: [ev.account(), ev.dns({ name: '_sip._tls.corp.example', type: 'SRV', outcome: 'timeout', server: S }, P), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nodata', server: S }, P)] },
    { name: 'unreachable resolver: dns/resolver-unreachable', evidence: [ev.account(), ev.dns({ name: '_sip._tls.corp.example', type: 'SRV', outcome: 'unreachable', server: S }, P), ev.dns({ name: 'corp.example', type: 'A', outcome: 'timeout', server: S }, P)] },
  ],
  fail: [{
    name: 'every lookup timed out',
    evidence: [ev.account(), ev.dns({ name: '_sipinternaltls._tcp.corp.example', type: 'SRV', outcome: 'timeout', server: S }, P), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'timeout', server: S }, P), ev.dns({ name: 'corp.example', type: 'A', outcome: 'timeout', server: S }, P)],
    problems: [{
      messageId: 'timeout', confidence: 'inferred', severity: 'error', data: { server: S, count: 3, names: /sip\.corp\.example \(A TIMEOUT\)/ },
      remediation: (r) => {
        expect(r.summary).toMatch(/company network or VPN, then run again/);
        expect(r.settings ?? []).toEqual([]);
        expect(r.steps.join('\n')).toMatch(/Tried: 3 DNS questions/);
      },
    }],
  }],
  inconclusive: [{ name: 'no lookups', evidence: [ev.account()] }],
});
