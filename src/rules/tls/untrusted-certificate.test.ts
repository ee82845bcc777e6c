import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './untrusted-certificate.js';

ruleTester.run(rule, {
  pass: [
    { name: 'trusted', evidence: [ev.cert()] },
    { name: 'expired only is the expiry rule\'s', evidence: [ev.cert({ trusted: false, timeValid: false, errors: ['SEC_ERROR_EXPIRED_CERTIFICATE'] })] },
  ],
  fail: [
    { name: 'NSS untrusted issuer', evidence: [ev.cert({ trusted: false, errors: ['SEC_ERROR_UNTRUSTED_ISSUER'] }), ev.tls({ outcome: 'failed', error: 'SEC_ERROR_UNTRUSTED_ISSUER' })], problems: [{ messageId: 'untrusted', severity: 'error', data: { why: 'SEC_ERROR_UNTRUSTED_ISSUER', issuer: 'CN=Corp Root CA' } }] },
    { name: 'self-signed, insecure check continued', evidence: [ev.cert({ trusted: false, selfSigned: true }), ev.tls({ insecure: true })], problems: [{ messageId: 'untrusted', severity: 'warning', data: { why: 'self-signed certificate' } }] },
    { name: 'text only', evidence: [ev.clientError({ reason: 5, description: 'SSL peer presented an invalid certificate' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'handshake only', evidence: [ev.tls()] }],
});
