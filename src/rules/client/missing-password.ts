import { defineRule } from '../types.js';
import { isExactly, quoteError } from '../common/client-error.js';
import { accountOf } from '../../evidence/derive/account.js';

const TEXTS = [
  'Password is required when Single Sign-On is not enabled',
  'Password required',
  'Login and password are required when Single Sign-On is not enabled',
];

export default defineRule({
  meta: {
    id: 'client/missing-password',
    category: 'client',
    rootCause: 'password-missing',
    severity: 'error',
    title: 'A password is available or Single Sign-On is on',
    failureTitle: 'No password and Single Sign-On is off',
    description: 'Without Single Sign-On SIPE needs the password to authenticate; without one it stops before signing in.',
    messages: {
      refused: 'SIPE stopped with "{clientError}": no password was given and Single Sign-On is off.',
      notStored: 'The account {signinName} has no stored password and Single Sign-On is off, so Pidgin asks for the password at every sign-in and sign-in fails when the prompt is cancelled.',
    },
    remediation: {
      summary: 'Enter the password (and tick "Remember password"), or turn on Single Sign-On if you use Kerberos.',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify on this account.',
        'On the Basic tab enter the password of the Login account and tick "Remember password".',
        'Only on a domain-joined machine with a Kerberos ticket (klist shows one): tick "Use Single Sign-On" on the Advanced tab instead.',
      ],
      audience: 'user',
    },
    requires: ['client.account', 'client.error'],
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const a = accountOf(ev);
    const errors = ev.all('client.error').filter((e) => isExactly(e, TEXTS));
    const noPassword = a.hasPassword === false && a.sso !== true;
    if (errors.length) {
      const cited = accounts.filter((o) => o.data.hasPassword === false || o.data.sso === false);
      return {
        status: 'fail',
        problems: errors.map((e) => ({
          messageId: 'refused', data: { clientError: quoteError(e) }, evidence: [e, ...(noPassword ? cited : [])],
          confidence: noPassword ? 'confirmed' as const : 'inferred' as const,
        })),
      };
    }
    if (noPassword) {
      return {
        status: 'fail',
        problems: [{ messageId: 'notStored', data: { signinName: a.signinName ?? 'this account' }, evidence: accounts.filter((o) => o.data.hasPassword === false), severity: 'warning', confidence: 'confirmed' }],
      };
    }
    if (a.hasPassword === true || a.sso === true) return { status: 'pass' };
    if (ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'whether a password is stored is not known' };
  },
});
