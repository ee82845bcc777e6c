import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './kerberos-failure.js';

ruleTester.run(rule, {
  pass: [
    { name: 'completed', evidence: [ev.auth({ event: 'completed', scheme: 'Kerberos' })] },
    {
      name: 'HTTP Negotiate fell back to NTLM (web ticket), SIP went on',
      evidence: [
        ev.auth({ event: 'gssapi-error', scheme: 'kerberos', detail: 'gss_acquire_cred_with_password (Mech): Cannot find KDC for realm "CORP.EXAMPLE"', protocol: 'http', recovered: true }),
        ev.auth({ event: 'challenge', scheme: 'tls-dsk', protocol: 'sip' }),
      ],
    },
  ],
  fail: [
    {
      name: 'GSSAPI error without a ticket',
      evidence: [ev.account({ sso: true }), ev.auth({ event: 'gssapi-error', scheme: 'Kerberos', detail: 'GSSAPI error in gss_init_sec_context (Mech): No Kerberos credentials available' }), ev.clientError({ reason: 2, description: 'Failed to authenticate to server' })],
      problems: [{ messageId: 'gssapi', confidence: 'confirmed', severity: 'error' }],
    },
    {
      name: 'Kerberos context failed but Auto fell back to NTLM',
      evidence: [ev.auth({ event: 'context-failed', scheme: 'Kerberos' }), ev.auth({ event: 'completed', scheme: 'NTLM' })],
      problems: [{ messageId: 'contextFailed', severity: 'warning' }],
    },
    {
      name: 'HTTP Kerberos failure that was not recovered',
      evidence: [ev.auth({ event: 'gssapi-error', scheme: 'kerberos', detail: 'gss_init_sec_context (Mech): Server not found in Kerberos database', protocol: 'http' })],
      problems: [{ messageId: 'gssapi', confidence: 'confirmed' }],
    },
    { name: 'text only with SSO', evidence: [ev.account({ sso: true }), ev.clientError({ reason: 2, description: 'Failed to authenticate to server' })], problems: [{ messageId: 'clientText', confidence: 'inferred', data: { mode: 'Single Sign-On on' } }] },
  ],
  inconclusive: [{ name: 'account only', evidence: [ev.account()] }],
});
