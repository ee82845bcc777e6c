import type { Observation } from '../../evidence/kinds.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { defineRule } from '../types.js';
import type { Remediation } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import type { AccountView } from '../../evidence/derive/account.js';
import { isExactly, quoteError } from '../common/client-error.js';
import { guessDomainLogin } from '../../protocol/account-settings.js';

const AUTH_FAILED = 'Authentication failed';
const CONTEXT_FAILED = 'Failed to authenticate to server';

function remediationFor(a: AccountView): Remediation {
  const login = a.login ?? '';
  if (login === '') {
    // a blank Login signs in with the address, which most deployments accept: the password is the
    // likely culprit, and a DOMAIN\user made up from the address is a guess, not a value to type
    return {
      summary: 'Re-enter the password, and keep your Login as it is.',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify on this account (Basic tab) and type the password again.',
        'Keep the Login field as it is (blank: SIPE signs in with your address).',
        'Only if the password is certainly right: ask your administrator whether the Login must be your Windows logon in DOMAIN\\user form, and enter exactly what they give you.',
        'If the password was changed recently or the account is locked, sign in to another company service to check it, or ask the administrator.',
      ],
      audience: 'user',
    };
  }
  const guess = guessDomainLogin(a.signinName, a.domain);
  const hasDomainPart = /[\\/]/.test(login);
  const suggestion = !hasDomainPart && guess ? guess : undefined;
  return {
    summary: suggestion
      ? `Re-enter the password and set Login to your Windows logon in DOMAIN\\user form (e.g. ${suggestion}).`
      : 'Re-enter the password and check the Login.',
    steps: [
      'In Pidgin open Accounts → Manage Accounts → Modify on this account (Basic tab).',
      suggestion
        ? `Set Login to DOMAIN\\user, e.g. ${suggestion} (ask your administrator for the exact Windows domain name), or to your user principal name (${a.signinName ?? 'user@company.com'}).`
        : `Check the Login "${login}": it must be the Windows logon (DOMAIN\\user) or the user principal name of the account that owns ${a.signinName ?? 'the SIP address'}.`,
      'Re-enter the password (passwords with special characters or of 28–31 characters failed in SIPE before 1.22).',
      'If the password was changed recently or the account is locked, sign in to another company service to check it, or ask the administrator.',
    ],
    audience: 'user',
    ...(suggestion ? { settings: [{ field: 'Login', key: 'login', value: suggestion, tab: 'Basic' as const }] } : {}),
  };
}

export default defineRule({
  meta: {
    id: 'auth/rejected-credentials',
    category: 'auth',
    rootCause: 'auth-failed',
    severity: 'error',
    title: 'The server accepts the credentials',
    failureTitle: 'The server rejected the credentials',
    description: 'The authentication handshake ran but the server did not accept the result: usually a wrong password, a Login without the DOMAIN\\ part, or a locked or expired account.',
    messages: {
      gaveUp: 'The server kept answering 401 after the {scheme} handshake and SIPE gave up: the credentials of {login} were rejected.',
      noCredentials: 'SIPE had no usable credentials for {scheme} ({detail}).',
      repeated401: 'The server answered {count} authenticated REGISTERs with 401: the credentials of {login} were rejected.',
      clientText: 'SIPE reported "{clientError}": the server rejected the credentials of {login}.',
    },
    remediation: remediationFor({}),
    requires: ['client.account', 'sip.register', 'auth.event', 'client.error'],
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const a = accountOf(ev);
    const login = a.login ? a.login : a.signinName ? `${a.signinName} (Login blank)` : 'the account';
    const kerberosish = a.sso === true || a.authentication === 'kerberos';
    const events = ev.all('auth.event');
    const regs = ev.all('sip.register');
    const registered = regs.some((r) => r.data.outcome === 'registered');
    const errors = ev.all('client.error').filter((e) => isExactly(e, [AUTH_FAILED]) || (isExactly(e, [CONTEXT_FAILED]) && !kerberosish));
    const remediation = remediationFor(a);
    const acct = accounts.filter((o) => o.data.login !== undefined);
    // the server signed a message with the session key: the password and Login were right (a later 401 has another cause)
    if (events.some((e) => e.data.event === 'credentials-accepted')) return { status: 'pass' };
    const gaveUp = events.filter((e) => e.data.event === 'handshake-failed' && !/trying next/i.test(e.data.detail ?? ''));
    if (gaveUp.length && !registered) {
      const e = gaveUp[gaveUp.length - 1]!;
      const scheme = e.data.scheme ?? regs.map((r) => r.data.authorizationScheme).filter(Boolean).pop() ?? 'authentication';
      const seen401 = regs.filter((r) => r.data.status === 401);
      // SIPE's "giving up" alone (a tail without the 401s) also ends a clock-skewed sign-in: only the
      // server's 401s, with no validated signature before them, prove the credentials were rejected
      return { status: 'fail', problems: [{ messageId: 'gaveUp', data: { scheme, login }, evidence: [e, ...seen401.slice(-2), ...errors, ...acct] as Observation[], confidence: seen401.length ? 'confirmed' : 'inferred', remediation }] };
    }
    const noCreds = events.filter((e) => e.data.event === 'no-credentials' && !/kerberos|gssapi/i.test(e.data.scheme ?? ''));
    if (noCreds.length && !registered) {
      const e = noCreds[noCreds.length - 1]!;
      return { status: 'fail', problems: [{ messageId: 'noCredentials', data: { scheme: e.data.scheme ?? 'NTLM', detail: e.data.detail ?? 'no Login or password' }, evidence: [e, ...errors], confidence: 'confirmed', remediation }] };
    }
    const authed401 = regs.filter((r) => r.data.status === 401 && r.data.authorizationScheme);
    const last = regs[regs.length - 1];
    if (!registered && last && last.data.status === 401 && last.data.authorizationScheme && (authed401.length >= 2 || /kerberos/i.test(last.data.authorizationScheme)) && (errors.length || authed401.length >= 3)) {
      return { status: 'fail', problems: [{ messageId: 'repeated401', data: { count: authed401.length, login }, evidence: [...authed401, ...errors, ...acct], confidence: 'confirmed', remediation }] };
    }
    if (errors.length) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e), login }, evidence: [e, ...acct], confidence: 'inferred' as const, remediation })) };
    }
    if (progressOf(ev).signedIn) return { status: 'pass' };
    if (regs.some((r) => r.data.status !== undefined) || ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no authentication was observed' };
  },
});
