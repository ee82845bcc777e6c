import { defineRule, type Problem, type Remediation } from '../types.js';
import { isBareLogin } from '../../protocol/account-settings.js';
import { accountName, explicitLogin } from './shared.js';

export default defineRule({
  meta: {
    id: 'config/kerberos-login-without-realm',
    category: 'config',
    rootCause: 'kerberos-failed',
    severity: 'warning',
    title: 'Kerberos Login names its realm',
    failureTitle: 'Kerberos Login has no realm',
    description:
      'Without Single Sign-On SIPE asks Kerberos for a ticket for the Login: DOMAIN\\user becomes user@DOMAIN and user@realm becomes user@REALM. ' +
      'A bare user name leaves the realm to the machine\'s krb5.conf default, which is often not the company realm ("Failed to authenticate to server").',
    messages: {
      noRealm: 'The account {account} uses Kerberos with the Login "{login}", which names no realm; the ticket request depends on the default realm of this machine.',
    },
    remediation: {
      summary: 'Enter the Login as user@company.com (or DOMAIN\\user).',
      steps: ['In Pidgin open Accounts → Manage Accounts → Modify; on the Basic tab set Login to user@company.com or DOMAIN\\user.'],
      audience: 'user',
    },
    requires: ['client.account'],
    docs: { evidenceUsed: 'Login field, Authentication scheme and Single Sign-On setting of the account (accounts.xml).' },
  },
  check(ev) {
    const accounts = ev.all('client.account').filter((a) => a.data.login !== undefined && a.data.authentication !== undefined);
    if (accounts.length === 0) return { status: 'inconclusive', reason: 'the Login and the Authentication scheme were not both observed' };
    const problems: Problem<'noRealm'>[] = [];
    for (const a of accounts) {
      // with Single Sign-On the credential cache (kinit) decides, not the Login
      if (a.data.authentication !== 'kerberos' || a.data.sso === true) continue;
      const login = explicitLogin(a);
      if (login === undefined || !isBareLogin(login)) continue;
      const domain = a.data.domain;
      const remediation: Remediation | undefined = domain
        ? {
            summary: `Set the Login to ${login}@${domain} (if ${domain} is your Kerberos realm; otherwise DOMAIN\\${login}).`,
            steps: [`In Pidgin open Accounts → Manage Accounts → Modify; on the Basic tab set Login to ${login}@${domain}.`],
            audience: 'user',
            settings: [{ field: 'Login', key: 'login', value: `${login}@${domain}`, tab: 'Basic' }],
          }
        : undefined;
      problems.push({ messageId: 'noRealm', data: { account: accountName(a), login }, evidence: [a], confidence: 'inferred', ...(remediation ? { remediation } : {}) });
    }
    return problems.length ? { status: 'fail', problems } : { status: 'pass' };
  },
});
