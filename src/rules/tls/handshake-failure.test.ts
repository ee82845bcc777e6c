import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './handshake-failure.js';

ruleTester.run(rule, {
  pass: [
    { name: 'handshake ok', evidence: [ev.tls()] },
    { name: 'certificate errors are the certificate rules\'', evidence: [ev.tls({ outcome: 'failed', error: 'SEC_ERROR_UNTRUSTED_ISSUER' })] },
  ],
  fail: [
    { name: 'protocol version alert', evidence: [ev.tls({ outcome: 'alert', alert: 'protocol_version' }), ev.clientError({ reason: 5, description: 'SSL Handshake Failed' })], problems: [{ messageId: 'failed', data: { why: 'alert protocol_version' } }] },
    { name: 'plain TCP port', evidence: [ev.account({ server: 'pool01.corp.example:5060' }), ev.tls({ port: 5060, outcome: 'not-tls', error: 'wrong version number' })], problems: [{ messageId: 'notTls', settings: [{ field: 'Connection type', key: 'transport', value: 'tcp' }] }] },
    {
      name: 'Connection type TCP against 5061',
      evidence: [ev.account({ transport: 'tcp', server: 'pool01.corp.example:5061' }), ev.tcp({ port: 5061 }), ev.register({ transport: 'tcp', outcome: 'no-response' })],
      problems: [{ messageId: 'tcpToTlsPort', data: { port: 5061, what: 'never answered the REGISTER' }, settings: [{ field: 'Connection type', key: 'transport', value: 'tls', choice: 'SSL/TLS' }] }],
    },
    {
      name: 'TCP connected, then no TLS answer before the timeout (a stalled handshake)',
      evidence: [ev.tcp({ host: '127.0.0.1', port: 40000 }), ev.tls({ host: '127.0.0.1', port: 40000, outcome: 'timeout', error: 'no TLS handshake before the timeout' })],
      problems: [{ messageId: 'stalled', severity: 'error', data: { host: '127.0.0.1', port: 40000 } }],
    },
    { name: 'text only', evidence: [ev.clientError({ reason: 5, description: 'SSL Handshake Failed' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'account only', evidence: [ev.account()] }],
});
