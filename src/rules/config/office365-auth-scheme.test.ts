import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './office365-auth-scheme.js';

ruleTester.run(rule, {
  pass: [
    { name: 'TLS-DSK against Office 365', evidence: [ev.account({ server: 'sipdir.online.lync.com:443', authentication: 'tls-dsk' })] },
    { name: 'Auto against Office 365', evidence: [ev.account({ signinName: 'bob@contoso.onmicrosoft.com', domain: 'contoso.onmicrosoft.com', authentication: 'auto' })] },
    { name: 'NTLM on premises', evidence: [ev.account({ server: 'pool01.corp.example', authentication: 'ntlm' })] },
  ],
  fail: [
    {
      name: 'NTLM by default for an onmicrosoft.com user',
      evidence: [ev.account({ signinName: 'bob@contoso.onmicrosoft.com', domain: 'contoso.onmicrosoft.com', authentication: 'ntlm', authenticationDefaulted: true })],
      problems: [{
        messageId: 'office365', severity: 'error',
        data: { scheme: 'NTLM', origin: /code default NTLM/, signal: /contoso\.onmicrosoft\.com/ },
        settings: [{ key: 'authentication', value: 'tls-dsk', tab: 'Advanced' }],
      }],
    },
    {
      name: 'Kerberos with a retired SfBO server is only a warning',
      evidence: [ev.account({ server: 'sipdir.online.lync.com:443', authentication: 'kerberos' })],
      problems: [{ messageId: 'office365Retired', severity: 'warning', data: { scheme: 'Kerberos', origin: '' } }],
    },
  ],
  inconclusive: [{ name: 'scheme not known', evidence: [ev.account({ authentication: undefined as never })] }],
});
