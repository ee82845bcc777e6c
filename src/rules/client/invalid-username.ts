import { defineRule } from '../types.js';
import type { Problem } from '../types.js';
import { englishOf, quoteError } from '../common/client-error.js';
import { usernameProblem } from '../../protocol/account-settings.js';

const VALIDATION = [
  'User name should be a valid SIP URI',
  'SIP Exchange user name contains invalid characters',
  'SIP Exchange user name contains whitespace',
];

export default defineRule({
  meta: {
    id: 'client/invalid-username',
    category: 'client',
    rootCause: 'invalid-username',
    severity: 'error',
    title: 'Username is a valid SIP address',
    failureTitle: 'Username is not a valid SIP address',
    description: 'SIPE uses the Username as the SIP address (user@domain) and refuses to connect when it is not one, before any network traffic.',
    messages: {
      notSipUri: 'The Username "{signinName}" is not a SIP address of the form user@domain, so SIPE stops before connecting.',
      whitespace: 'The Username "{signinName}" contains a space before the @, which SIPE refuses.',
      controlChars: 'The Username "{signinName}" contains a tab or line break, which SIPE refuses.',
      clientText: 'SIPE reported "{clientError}": the Username is not a valid SIP address (the log does not show the Username itself).',
    },
    remediation: {
      summary: 'Enter your SIP address (user@company.com) as the Username.',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify on this account.',
        'On the Basic tab set Username to your sign-in (SIP) address, e.g. alice@corp.example — not DOMAIN\\user and not just the user name.',
        'Put a DOMAIN\\user or UPN login, if you need one, into the Login field instead.',
      ],
      audience: 'user',
    },
    requires: ['client.account', 'client.error'],
    docs: { evidenceUsed: 'The account Username (log `sipe_purple_login: username` line or accounts.xml), SIPE validation errors.' },
  },
  check(ev) {
    const accounts = ev.all('client.account').filter((a) => a.data.signinName !== undefined);
    const problems: Problem<'notSipUri' | 'whitespace' | 'controlChars' | 'clientText'>[] = [];
    for (const a of accounts) {
      const name = a.data.signinName ?? '';
      const why = usernameProblem(name);
      if (!why) continue;
      const cleaned = name.replace(/[\t\v\r\n]/g, '').replace(/\s+(?=[^@]*@)/g, '');
      const fixable = why !== 'notSipUri' && usernameProblem(cleaned) === undefined;
      problems.push({
        messageId: why,
        data: { signinName: name.replace(/[\t\v\r\n]/g, ' ') },
        evidence: [a, ...ev.all('client.error').filter((e) => VALIDATION.some((v) => englishOf(e)?.startsWith(v)))],
        confidence: 'confirmed',
        ...(fixable
          ? {
              remediation: {
                summary: `Set the Username to "${cleaned}".`,
                steps: [`On the Basic tab set Username to ${cleaned}.`],
                audience: 'user' as const,
                settings: [{ field: 'Username', key: 'username', value: cleaned, tab: 'Basic' as const }],
              },
            }
          : {}),
      });
    }
    if (problems.length) return { status: 'fail', problems };
    const errors = ev.all('client.error').filter((e) => VALIDATION.some((v) => englishOf(e)?.startsWith(v)));
    if (errors.length && accounts.length === 0) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    }
    if (accounts.length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'the Username was not observed' };
  },
});
