import { defineRule, type Problem, type Remediation } from '../types.js';
import { guessDomainLogin, isBareLogin } from '../../protocol/account-settings.js';
import { accountName, explicitLogin, schemeOrigin } from './shared.js';

export default defineRule({
  meta: {
    id: 'config/login-format-mismatch',
    category: 'config',
    rootCause: 'auth-failed',
    severity: 'warning',
    title: 'Login has a form NTLM can use',
    failureTitle: 'NTLM Login is a bare user name without DOMAIN\\',
    description:
      'SIPE sends the Login to NTLM as typed; a bare user name goes out with an empty domain, which many servers reject ("Authentication failed"). ' +
      'DOMAIN\\user or the user principal name (user@company.com) say which account is meant.',
    messages: {
      bareUser: 'The account {account} authenticates with NTLM{origin} as "{login}", a bare user name without DOMAIN\\ or @domain; the server may reject it.',
    },
    remediation: {
      summary: 'Enter the Login as DOMAIN\\user (or user@company.com).',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify; on the Basic tab set Login to DOMAIN\\user (your Windows sign-in) or to your user principal name user@company.com.',
      ],
      audience: 'user',
    },
    requires: ['client.account'],
    docs: { evidenceUsed: 'Login field and Authentication scheme of the account (accounts.xml `<name>` after the comma, `authentication` setting).' },
  },
  check(ev) {
    const accounts = ev.all('client.account').filter((a) => a.data.login !== undefined && a.data.authentication !== undefined);
    if (accounts.length === 0) return { status: 'inconclusive', reason: 'the Login and the Authentication scheme were not both observed' };
    const problems: Problem<'bareUser'>[] = [];
    for (const a of accounts) {
      // with Single Sign-On on, Login is ignored (config/sso-with-ntlm covers that combination)
      if (a.data.authentication !== 'ntlm' || a.data.sso === true) continue;
      const login = explicitLogin(a);
      if (login === undefined || !isBareLogin(login)) continue;
      const guess = guessDomainLogin(`${login}@${a.data.domain ?? ''}`, a.data.domain);
      const remediation: Remediation | undefined = guess
        ? {
            summary: `Set the Login to ${guess} (replace ${guess.split('\\')[0] ?? ''} with your Windows domain if it differs), or to ${login}@${a.data.domain ?? ''}.`,
            steps: [`In Pidgin open Accounts → Manage Accounts → Modify; on the Basic tab set Login to ${guess}.`],
            audience: 'user',
            settings: [{ field: 'Login', key: 'login', value: guess, tab: 'Basic' }],
          }
        : undefined;
      problems.push({
        messageId: 'bareUser',
        data: { account: accountName(a), login, origin: schemeOrigin(a) },
        evidence: [a],
        confidence: 'inferred',
        ...(remediation ? { remediation } : {}),
      });
    }
    return problems.length ? { status: 'fail', problems } : { status: 'pass' };
  },
});
