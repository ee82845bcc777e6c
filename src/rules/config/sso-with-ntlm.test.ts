import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './sso-with-ntlm.js';

ruleTester.run(rule, {
  pass: [
    { name: 'SSO with Kerberos', evidence: [ev.account({ sso: true, authentication: 'kerberos' })] },
    { name: 'SSO with Auto', evidence: [ev.account({ sso: true, authentication: 'auto' })] },
    { name: 'NTLM without SSO', evidence: [ev.account({ sso: false, authentication: 'ntlm', hasPassword: true })] },
  ],
  fail: [
    {
      name: 'SSO with explicit NTLM',
      evidence: [ev.account({ sso: true, authentication: 'ntlm' })],
      problems: [{ messageId: 'ssoNtlm', data: { origin: '' }, settings: [{ key: 'authentication', value: 'krb5' }] }],
    },
    {
      name: 'SSO with NTLM from the missing key',
      evidence: [ev.account({ sso: true, authentication: 'ntlm', authenticationDefaulted: true })],
      problems: [{ messageId: 'ssoNtlm', data: { origin: /no Authentication scheme entry/ } }],
    },
  ],
  inconclusive: [{ name: 'sso unknown', evidence: [ev.account({ sso: undefined as never, authentication: 'ntlm' })] }],
});
