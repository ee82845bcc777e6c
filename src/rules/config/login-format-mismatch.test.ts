import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './login-format-mismatch.js';

ruleTester.run(rule, {
  pass: [
    { name: 'DOMAIN\\user', evidence: [ev.account({ authentication: 'ntlm', login: 'CORP\\alice' })] },
    { name: 'DOMAIN/user', evidence: [ev.account({ authentication: 'ntlm', login: 'CORP/alice' })] },
    { name: 'UPN', evidence: [ev.account({ authentication: 'ntlm', login: 'alice@corp.example' })] },
    { name: 'empty Login uses the Username', evidence: [ev.account({ authentication: 'ntlm', login: '' })] },
    { name: 'empty Login with an invalid Username is not this rule', evidence: [ev.account({ authentication: 'ntlm', login: '', signinName: 'bob.lab.example' })] },
    { name: 'bare user with TLS-DSK', evidence: [ev.account({ authentication: 'tls-dsk', login: 'alice' })] },
    { name: 'bare user but SSO on', evidence: [ev.account({ authentication: 'ntlm', login: 'alice', sso: true })] },
  ],
  fail: [
    {
      name: 'bare user with NTLM',
      evidence: [ev.account({ authentication: 'ntlm', login: 'alice' })],
      problems: [{
        messageId: 'bareUser', severity: 'warning', confidence: 'inferred', data: { login: 'alice' },
        settings: [{ key: 'login', value: 'CORP\\alice', tab: 'Basic' }],
      }],
    },
  ],
  inconclusive: [{ name: 'Login unknown (log)', evidence: [ev.account({ authentication: 'ntlm', login: undefined as never })] }],
});
