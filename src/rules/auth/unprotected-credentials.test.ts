import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './unprotected-credentials.js';

ruleTester.run(rule, {
  pass: [{ name: 'challenge on a verified path', evidence: [ev.register({ status: 401 }), ev.auth({ event: 'challenge', scheme: 'NTLM' })] }],
  fail: [
    {
      name: 'NTLM over plain TCP',
      evidence: [ev.register({ status: 401 }), ev.auth({ event: 'credentials-withheld', scheme: 'NTLM', detail: 'the SIP connection to 10.0.0.5:5060 is unencrypted TCP' })],
      problems: [{ messageId: 'withheld', severity: 'error', confidence: 'confirmed', data: { scheme: 'NTLM', reason: /unencrypted TCP/ } }],
    },
    {
      name: 'sts-uri from an --insecure server',
      evidence: [ev.auth({ event: 'credentials-withheld', scheme: 'TLS-DSK', detail: 'the web ticket service https://x/CertProv was named by this server, and the certificate of fe failed validation (--insecure)' })],
      problems: [{ messageId: 'withheld', data: { scheme: 'TLS-DSK' } }],
    },
  ],
  inconclusive: [{ name: 'no REGISTER answer', evidence: [ev.register({ outcome: 'no-response' })] }],
});
