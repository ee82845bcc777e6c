import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './kerberos-login-without-realm.js';

ruleTester.run(rule, {
  pass: [
    { name: 'user@realm', evidence: [ev.account({ authentication: 'kerberos', login: 'alice@CORP.EXAMPLE' })] },
    { name: 'DOMAIN\\user', evidence: [ev.account({ authentication: 'kerberos', login: 'CORP\\alice' })] },
    { name: 'empty Login: Username names the realm', evidence: [ev.account({ authentication: 'kerberos', login: '' })] },
    { name: 'SSO uses the credential cache', evidence: [ev.account({ authentication: 'kerberos', login: 'alice', sso: true })] },
    { name: 'bare user with NTLM is another rule', evidence: [ev.account({ authentication: 'ntlm', login: 'alice' })] },
  ],
  fail: [
    {
      name: 'bare user with Kerberos',
      evidence: [ev.account({ authentication: 'kerberos', login: 'alice' })],
      problems: [{ messageId: 'noRealm', severity: 'warning', data: { login: 'alice' }, settings: [{ key: 'login', value: 'alice@corp.example' }] }],
    },
  ],
  inconclusive: [{ name: 'scheme unknown', evidence: [ev.account({ authentication: undefined as never, login: 'alice' })] }],
});
