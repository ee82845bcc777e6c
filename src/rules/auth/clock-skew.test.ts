import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './clock-skew.js';

ruleTester.run(rule, {
  pass: [{ name: 'registered', evidence: [ev.register({ status: 200 })] }],
  fail: [
    { name: 'ms-diagnostics 1013', evidence: [ev.register({ status: 401, msDiagnostics: [{ code: 1013, reason: 'Significant time skew detected during authentication.', public: false }] })], problems: [{ messageId: 'diagnostics', confidence: 'confirmed' }] },
    {
      name: 'no bodies: the server validated its signed 401 (credentials accepted), then SIPE gave up',
      evidence: [ev.auth({ event: 'credentials-accepted', protocol: 'sip' }), ev.register({ status: 401, authorizationScheme: 'NTLM', outcome: 'challenged' }), ev.auth({ event: 'handshake-failed', detail: 'giving up' }), ev.clientError({ reason: 2, description: 'Authentication failed' })],
      problems: [{ messageId: 'acceptedThenRefused', confidence: 'inferred', data: { clientError: 'Authentication failed' } }],
    },
    { name: 'Kerberos skew', evidence: [ev.auth({ event: 'gssapi-error', detail: 'Clock skew too great' })], problems: [{ messageId: 'text', data: { detail: 'Clock skew too great' } }] },
  ],
  inconclusive: [{ name: 'nothing relevant', evidence: [ev.clientError()] }],
});
