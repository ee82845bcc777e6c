import { defineRule, type Problem } from '../types.js';
import { accountName, schemeOrigin } from './shared.js';

export default defineRule({
  meta: {
    id: 'config/sso-with-ntlm',
    category: 'config',
    rootCause: 'kerberos-failed',
    severity: 'error',
    title: 'Single Sign-On is combined with a scheme that can use it',
    failureTitle: 'Single Sign-On is on with NTLM, which cannot use it',
    description:
      'With "Use Single Sign-On" SIPE ignores Login and password and takes the operating system\'s credentials, which only Kerberos (or Auto) can use. ' +
      'SIPE\'s built-in NTLM always needs a password, so this combination ends in "Failed to authenticate to server".',
    messages: {
      ssoNtlm: 'The account {account} has Single Sign-On on with NTLM{origin}; SIPE\'s NTLM cannot use Single Sign-On and sign-in fails with "Failed to authenticate to server".',
    },
    remediation: {
      summary: 'Use Kerberos with Single Sign-On, or turn Single Sign-On off and enter Login and password for NTLM.',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify → Advanced.',
        'On a domain-joined machine with a Kerberos ticket (klist shows one): set "Authentication scheme" to Kerberos.',
        'Otherwise untick "Use Single Sign-On", and on the Basic tab enter Login (DOMAIN\\user) and password.',
      ],
      audience: 'user',
      settings: [{ field: 'Authentication scheme', key: 'authentication', value: 'krb5', tab: 'Advanced', choice: 'Kerberos' }],
    },
    requires: ['client.account'],
    docs: { evidenceUsed: 'The "Use Single Sign-On" and "Authentication scheme" settings (accounts.xml).' },
  },
  check(ev) {
    const accounts = ev.all('client.account').filter((a) => a.data.sso !== undefined && a.data.authentication !== undefined);
    if (accounts.length === 0) return { status: 'inconclusive', reason: 'Single Sign-On and the Authentication scheme were not both observed' };
    const problems: Problem<'ssoNtlm'>[] = accounts
      .filter((a) => a.data.sso === true && a.data.authentication === 'ntlm')
      .map((a) => ({ messageId: 'ssoNtlm', data: { account: accountName(a), origin: schemeOrigin(a) }, evidence: [a], confidence: 'inferred' as const }));
    return problems.length ? { status: 'fail', problems } : { status: 'pass' };
  },
});
