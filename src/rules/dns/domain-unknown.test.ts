import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
const P = { probe: 'dns' };
import rule from './domain-unknown.js';

const nx = (name: string, type: 'SRV' | 'A' = 'A') => ev.dns({ name, type, outcome: 'nxdomain', server: '192.0.2.53:53' }, P);

ruleTester.run(rule, {
  pass: [
    { name: 'the domain exists (NODATA), SIP names missing: dns/missing-sip-records', evidence: [ev.account(), nx('_sip._tls.corp.example', 'SRV'), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nodata' }, P)] },
    { name: 'the domain NXDOMAIN but a name in it resolves', evidence: [ev.account(), nx('corp.example'), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'ok', answers: [{ address: '192.0.2.10' }] }, P)] },
    { name: 'Server host NXDOMAIN in a domain that exists: a typo (dns/unresolvable-host)', evidence: [ev.account({ server: 'sipp.corp.example:443' }), nx('sipp.corp.example'), ev.dns({ name: 'corp.example', type: 'A', outcome: 'ok', answers: [{ address: '192.0.2.1' }] }, P)] },
  ],
  fail: [
    {
      name: 'off VPN: the resolver knows nothing of corp.example',
      evidence: [ev.account(), nx('_sipinternaltls._tcp.corp.example', 'SRV'), nx('lyncdiscover.corp.example'), nx('sip.corp.example'), nx('corp.example')],
      problems: [{
        messageId: 'domain', confidence: 'inferred', severity: 'error', data: { domain: 'corp.example', names: /lyncdiscover\.corp\.example \(A NXDOMAIN\)/ },
        remediation: (r) => {
          expect(r.summary).toBe('Connect to the company network or VPN, then run again.');
          expect(r.settings ?? []).toEqual([]);
          expect(`${r.summary}\n${r.steps.join('\n')}`).not.toMatch(/spelling/i);
        },
      }],
    },
    {
      name: '--server sip.corp.example:443 off VPN: never "fix the spelling"',
      evidence: [ev.account({ server: 'sip.corp.example:443' }), nx('sip.corp.example'), nx('corp.example')],
      problems: [{
        messageId: 'server', confidence: 'inferred', data: { host: 'sip.corp.example', domain: 'corp.example' },
        remediation: (r) => {
          expect(`${r.summary}\n${r.steps.join('\n')}`).not.toMatch(/spelling/i);
          expect(r.settings ?? []).toEqual([]);
        },
      }],
    },
    {
      name: 'Server host in another domain that is unknown',
      evidence: [ev.account({ server: 'lync.hosting.example:5061' }), nx('lync.hosting.example'), nx('hosting.example'), ev.dns({ name: 'corp.example', type: 'A', outcome: 'ok', answers: [{ address: '192.0.2.1' }] }, P)],
      problems: [{ messageId: 'server', data: { domain: 'hosting.example' } }],
    },
  ],
  inconclusive: [{ name: 'no lookups', evidence: [ev.account()] }],
});
