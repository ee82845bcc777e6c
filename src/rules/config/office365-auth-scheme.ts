import type { ClientAccount } from '../../evidence/kinds.js';
import { defineRule, type Problem } from '../types.js';
import { AUTH_SCHEME_LABEL, serverSettingHost } from '../../protocol/account-settings.js';
import { accountName, schemeOrigin } from './shared.js';
import { isSfbOnlineHost } from '../../protocol/hosts.js';

/** Office 365 signs in with TLS-DSK only (SIPE 1.13 ChangeLog: "mandatory for Office365 accounts"). */
function office365Signal(a: ClientAccount): string | undefined {
  const host = serverSettingHost(a.data.server);
  if (host && isSfbOnlineHost(host)) return `the Server field names ${host}`;
  const domain = (a.data.domain ?? a.data.signinName?.slice(a.data.signinName.lastIndexOf('@') + 1) ?? '').toLowerCase();
  if (domain.endsWith('.onmicrosoft.com')) return `the Username is in the Office 365 tenant domain ${domain}`;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'config/office365-auth-scheme',
    category: 'config',
    rootCause: 'auth-scheme-mismatch',
    severity: 'error',
    title: 'Authentication scheme can work with Office 365',
    failureTitle: 'NTLM or Kerberos chosen for an Office 365 account',
    description:
      'Office 365 accepts only TLS-DSK (certificate-based) SIP authentication. With NTLM or Kerberos selected, SIPE stops with ' +
      '"Incompatible authentication scheme chosen" after the first 401.',
    messages: {
      office365:
        'The account {account} uses {scheme}{origin}, but {signal}, and Office 365 offers only TLS-DSK.',
      office365Retired:
        'The account {account} uses {scheme}{origin}; Office 365 would need TLS-DSK — but {signal}, a service that is retired anyway (see the Skype for Business Online finding).',
    },
    remediation: {
      summary: 'Set the Authentication scheme to TLS-DSK.',
      steps: ['In Pidgin open Accounts → Manage Accounts → Modify → Advanced and set "Authentication scheme" to TLS-DSK (or Auto).'],
      audience: 'user',
      settings: [{ field: 'Authentication scheme', key: 'authentication', value: 'tls-dsk', tab: 'Advanced', choice: 'TLS-DSK' }],
    },
    requires: ['client.account'],
    docs: { evidenceUsed: 'Authentication scheme, Server field and Username domain of the account (accounts.xml).' },
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const known = accounts.filter((a) => a.data.authentication !== undefined);
    if (known.length === 0) return { status: 'inconclusive', reason: 'the Authentication scheme was not observed' };
    const problems: Problem<'office365' | 'office365Retired'>[] = [];
    for (const a of known) {
      const scheme = a.data.authentication;
      if (scheme !== 'ntlm' && scheme !== 'kerberos') continue;
      const signal = office365Signal(a);
      if (!signal) continue;
      const host = serverSettingHost(a.data.server);
      const retired = host !== undefined && isSfbOnlineHost(host);
      problems.push({
        messageId: retired ? 'office365Retired' : 'office365',
        data: { account: accountName(a), scheme: AUTH_SCHEME_LABEL[scheme] ?? scheme, origin: schemeOrigin(a), signal },
        evidence: [a],
        // behind a retired server the scheme is moot: the retirement is the verdict
        ...(retired ? { severity: 'warning' as const } : {}),
        confidence: 'inferred',
      });
    }
    return problems.length ? { status: 'fail', problems } : { status: 'pass' };
  },
});
