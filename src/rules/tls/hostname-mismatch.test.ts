import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './hostname-mismatch.js';

ruleTester.run(rule, {
  pass: [
    { name: 'SAN covers host', evidence: [ev.cert({ hostnameMatch: undefined as never })] },
    { name: 'wildcard covers host', evidence: [ev.cert({ host: 'sip.corp.example', altNames: ['*.corp.example'], hostnameMatch: undefined as never })] },
  ],
  fail: [
    {
      name: 'connected by IP address given in Server field',
      evidence: [ev.account({ server: '192.0.2.10:5061' }), ev.cert({ host: '192.0.2.10', hostnameMatch: false, altNames: ['pool01.corp.example', 'sip.corp.example'] })],
      problems: [{ messageId: 'mismatch', data: { host: '192.0.2.10', names: 'pool01.corp.example, sip.corp.example' }, settings: [{ key: 'server', value: 'pool01.corp.example:5061' }] }],
    },
    { name: 'computed from SANs (probe)', evidence: [ev.account(), ev.cert({ host: 'lync.corp.example', hostnameMatch: undefined as never, altNames: ['pool01.corp.example'] })], problems: [{ messageId: 'mismatch', remediation: (r) => { if (r.audience !== 'admin') throw new Error('admin expected'); } }] },
    {
      name: 'a middlebox certificate (names nothing in the SIP domain): its name is never recommended as the Server',
      evidence: [ev.account({ server: 'sip.corp.example:443' }), ev.cert({ host: 'sip.corp.example', port: 443, hostnameMatch: false, subject: 'CN=portal.hotspot.example', altNames: ['portal.hotspot.example'] })],
      problems: [{
        messageId: 'mismatch', data: { names: 'portal.hotspot.example' },
        remediation: (r) => {
          expect(r.settings ?? []).toEqual([]);
          expect(r.summary).toMatch(/Do not use a name from this certificate.*probably not your company's/);
          expect(r.steps.join('\n')).not.toMatch(/set "Server\[:Port\]" to portal/);
        },
      }],
    },
    { name: 'verifier error name', evidence: [ev.cert({ hostnameMatch: undefined as never, altNames: undefined as never, errors: ['SSL_ERROR_BAD_CERT_DOMAIN'] })], problems: [{ messageId: 'mismatch' }] },
  ],
  inconclusive: [
    { name: 'log: subject only, verified', evidence: [ev.cert({ host: '127.0.0.1', subject: 'CN=sip.corp.example', altNames: undefined as never, hostnameMatch: undefined as never })] },
  ],
});
