import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
const P = { probe: 'dns' };
import rule from './unresolvable-host.js';

ruleTester.run(rule, {
  pass: [
    { name: 'server resolves', evidence: [ev.account({ server: 'pool01.corp.example' }), ev.dns({ name: 'pool01.corp.example', type: 'A', answers: [{ address: '192.0.2.10' }] })] },
    { name: 'AAAA nodata but A answered', evidence: [ev.account({ server: 'pool01.corp.example' }), ev.dns({ name: 'pool01.corp.example', type: 'AAAA', outcome: 'nodata' }), ev.dns({ name: 'pool01.corp.example', type: 'A', answers: [{ address: '192.0.2.10' }] })] },
    { name: 'missing optional names are not a problem', evidence: [ev.account(), ev.dns({ name: 'lyncdiscover.corp.example', type: 'A', outcome: 'nxdomain' })] },
  ],
  fail: [
    {
      name: 'real SIPE log (lab dns-host-unresolvable): only the SRV target counts, not the optional lyncdiscover / A-stage names',
      evidence: [
        ev.account(),
        ev.dns({ name: 'lyncdiscoverinternal.corp.example', type: 'A', outcome: 'nxdomain' }), ev.discovery({ event: 'unresolvable', host: 'lyncdiscoverinternal.corp.example' }),
        ev.discovery({ event: 'autodiscover-none' }),
        ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool-old.corp.example', port: 5061 }]),
        ev.discovery({ event: 'candidate', host: 'pool-old.corp.example', port: 5061, via: 'srv' }),
        ev.dns({ name: 'pool-old.corp.example', type: 'A', outcome: 'nxdomain' }), ev.discovery({ event: 'unresolvable', host: 'pool-old.corp.example' }),
        ev.discovery({ event: 'srv-none' }),
        ev.dns({ name: 'sipinternal.corp.example', type: 'A', outcome: 'nxdomain' }), ev.discovery({ event: 'unresolvable', host: 'sipinternal.corp.example' }),
        ev.discovery({ event: 'a-none', host: 'corp.example' }), ev.discovery({ event: 'unresolvable', host: 'corp.example' }),
        ev.clientError({ description: 'SSL Connection Failed' }),
      ],
      problems: [{ messageId: 'srvTarget', severity: 'error', data: { host: 'pool-old.corp.example', srv: '_sipinternaltls._tcp.corp.example' } }],
    },
    {
      name: 'typo in the Server field',
      evidence: [ev.account({ server: 'pool1.corp.example:5061' }), ev.dns({ name: 'pool1.corp.example', type: 'A', outcome: 'nxdomain' }, P), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nodata' }, P), ev.clientError()],
      problems: [{ messageId: 'serverSetting', severity: 'error', data: { host: 'pool1.corp.example', outcome: 'NXDOMAIN' }, settings: [{ key: 'server', value: '' }] }],
    },
    {
      name: 'SRV target without A record',
      evidence: [ev.account(), ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'oldpool.corp.example', port: 5061 }]), ev.dns({ name: 'oldpool.corp.example', type: 'A', outcome: 'nxdomain' })],
      problems: [{ messageId: 'srvTarget', data: { srv: '_sipinternaltls._tcp.corp.example' } }],
    },
    {
      name: 'log: resolving a candidate failed, next candidate connected',
      evidence: [ev.account(), ev.discovery({ event: 'candidate', host: 'sipinternal2.corp.example', via: 'autodiscover' }), ev.discovery({ event: 'unresolvable', host: 'sipinternal2.corp.example' }), ev.transport({ event: 'connected' })],
      problems: [{ messageId: 'candidate', severity: 'warning' }],
    },
    { name: 'SIPE 1.10 text', evidence: [ev.clientError({ description: 'Could not resolve hostname' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [
    { name: 'account only', evidence: [ev.account()] },
    {
      name: 'Server host lookup timed out: the resolver, not the name (dns/resolver-timeout)',
      evidence: [ev.account({ server: 'sip.corp.example:443' }), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'timeout' }, P), ev.discovery({ event: 'unresolvable', host: 'sip.corp.example', via: 'server-setting', detail: 'A timeout' })],
      status: 'not-applicable',
    },
    {
      name: 'Server host and its domain NXDOMAIN: off VPN (dns/domain-unknown), never "fix the spelling"',
      evidence: [ev.account({ server: 'sip.corp.example:443' }), ev.dns({ name: 'sip.corp.example', type: 'A', outcome: 'nxdomain' }, P), ev.dns({ name: 'corp.example', type: 'A', outcome: 'nxdomain' }, P)],
      status: 'not-applicable',
    },
  ],
});
