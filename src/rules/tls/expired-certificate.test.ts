import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './expired-certificate.js';

const now = new Date('2026-06-01T00:00:00Z');

ruleTester.run(rule, {
  pass: [
    { name: 'valid until 2030', evidence: [ev.cert({ timeValid: undefined as never })], now },
    { name: 'verifier says valid', evidence: [ev.cert({ timeValid: true })], now },
  ],
  fail: [
    { name: 'expired by dates (log: no verifier verdict)', evidence: [ev.cert({ timeValid: undefined as never, notAfter: '2026-05-01T00:00:00Z' })], now, problems: [{ messageId: 'expired', data: { notAfter: '2026-05-01', days: 31 } }] },
    { name: 'not yet valid', evidence: [ev.cert({ timeValid: undefined as never, notBefore: '2027-01-01T00:00:00Z' })], now, problems: [{ messageId: 'notYetValid', data: { notBefore: '2027-01-01' } }] },
    { name: 'NSS error without dates', evidence: [ev.cert({ timeValid: undefined as never, notAfter: undefined as never, notBefore: undefined as never, errors: ['SEC_ERROR_EXPIRED_CERTIFICATE'] })], now, problems: [{ messageId: 'verifier', data: { error: 'SEC_ERROR_EXPIRED_CERTIFICATE' } }] },
    { name: 'expired but connection went on (insecure)', evidence: [ev.cert({ timeValid: false, notAfter: '2025-01-01T00:00:00Z' }), ev.register({ status: 200 })], now, problems: [{ messageId: 'expired', severity: 'warning' }] },
  ],
  inconclusive: [{ name: 'no dates', evidence: [ev.cert({ timeValid: undefined as never, notAfter: undefined as never, notBefore: undefined as never })] }],
});
