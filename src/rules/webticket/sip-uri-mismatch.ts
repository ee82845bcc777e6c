import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Remediation } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import type { AccountView } from '../../evidence/derive/account.js';
import { englishOf, quoteError, rejectedWith } from '../common/client-error.js';
import { findDiagnostic } from '../../protocol/sip-status.js';
import { guessDomainLogin } from '../../protocol/account-settings.js';
import { SIP_URI_MISMATCH_FAULT } from '../../protocol/soap-fault.js';
import { otherLoginRefused } from './_other-login.js';

const NOT_AUTHORIZED = 'Credentials provided are not authorized to act as specified from URI';
const NOT_AUTHORIZED_RE = /Credentials provided are not authorized to act as specified from URI/;

function remediationFor(a: AccountView): Remediation {
  const signin = a.signinName ?? 'your SIP address';
  const login = a.login ?? '';
  const owner = guessDomainLogin(a.signinName, a.domain);
  return {
    summary: `Sign in as the account that owns ${signin}: Username = ${signin}, Login blank (or that account's UPN / DOMAIN\\user).`,
    steps: [
      `Username (Basic tab): ${signin} — the SIP address exactly as the administrator assigned it (often, but not always, the e-mail address).`,
      `Login (Basic tab): leave it blank${login ? ` (it is now "${login}", which authenticates as an account that does not own ${signin})` : ''}, or enter the UPN or DOMAIN\\user of the account that owns ${signin}${owner ? `, e.g. ${owner}` : ''}.`,
      'Password: the password of that same account.',
      'If you do not know which account owns the SIP address, ask the administrator (Get-CsUser shows SipAddress and UserPrincipalName).',
    ],
    audience: 'user',
    settings: [
      ...(a.signinName ? [{ field: 'Username', key: 'username', value: a.signinName, tab: 'Basic' as const }] : []),
      { field: 'Login', key: 'login', value: '', tab: 'Basic' },
    ],
  };
}

export default defineRule({
  meta: {
    id: 'webticket/sip-uri-mismatch',
    category: 'webticket',
    rootCause: 'sip-uri-mismatch',
    severity: 'error',
    title: 'The login account owns the SIP address',
    failureTitle: 'The login account does not own the SIP address',
    description: 'SIPE asks for the SIP address in Username while authenticating with the Login\'s credentials. When that account is not the owner of the SIP address the server refuses the web ticket or the REGISTER.',
    messages: {
      fault: 'The web ticket service refused the request: "{fault}". The account that authenticated ({login}) does not own the SIP address {signinName}.',
      forbidden: 'REGISTER was refused with 403 and ms-diagnostics {code} "{reason}": the credentials ({login}) are not those of {signinName}.',
      clientText: 'SIPE reported "{clientError}": the account that authenticated does not own the SIP address {signinName}.',
      otherLogin: 'The Login ({login}) is not the SIP address {signinName}: its credentials were accepted (the token service answered with a token), yet the Web Ticket service {url} refused the ticket for {signinName} ({answer}), and the sign-in stopped. That is what happens when the Login\'s account does not own the SIP address; the log has no message bodies, so the service\'s fault is not in it: a log with PURPLE_UNSAFE_DEBUG=1 would show "… not authorized to act as specified from URI" and confirm it.',
      translatedText: 'SIPE reported "{clientError}" (connection error reason 7, rejected by the server): the server said the account that authenticated does not own the SIP address {signinName}. The error text is translated and was not read; the server\'s own words in it are English in every language. A log with PURPLE_UNSAFE_DEBUG=1 would show the 403 and its ms-diagnostics header, which would confirm it.',
    },
    remediation: remediationFor({}),
    requires: ['client.account', 'http.exchange', 'webticket.result', 'sip.register', 'client.error'],
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const a = accountOf(ev);
    const ids = { signinName: a.signinName ?? 'the Username', login: a.login ? a.login : `${a.signinName ?? 'the Username'}, as Login is blank` };
    const remediation = remediationFor(a);
    const acct = accounts.filter((o) => o.data.signinName !== undefined || o.data.login !== undefined);
    const errors = ev.all('client.error');
    const faults: Observation[] = [
      ...ev.all('http.exchange').filter((h) => SIP_URI_MISMATCH_FAULT.test(h.data.fault ?? '')),
      ...ev.all('webticket.result').filter((w) => SIP_URI_MISMATCH_FAULT.test(`${w.data.fault ?? ''} ${w.data.detail ?? ''}`)),
    ];
    if (faults.length) {
      const f = faults[0]!;
      const fault = (f.kind === 'http.exchange' ? f.data.fault : f.kind === 'webticket.result' ? f.data.fault ?? f.data.detail : '') ?? '';
      return { status: 'fail', problems: [{ messageId: 'fault', data: { fault: fault.trim().slice(0, 300), ...ids }, evidence: [...faults, ...acct, ...errors], confidence: 'confirmed', remediation }] };
    }
    const forbidden = ev.all('sip.register').filter((r) => r.data.status === 403 && findDiagnostic(r.data.msDiagnostics, 'uri-not-authorized'));
    if (forbidden.length) {
      const d = findDiagnostic(forbidden[0]!.data.msDiagnostics, 'uri-not-authorized')!;
      return { status: 'fail', problems: [{ messageId: 'forbidden', data: { code: d.code, reason: d.reason ?? NOT_AUTHORIZED, ...ids }, evidence: [...forbidden, ...acct, ...errors], confidence: 'confirmed', remediation }] };
    }
    const texts = errors.filter((e) => SIP_URI_MISMATCH_FAULT.test(englishOf(e) ?? e.data.description) || rejectedWith(e, NOT_AUTHORIZED_RE) !== undefined);
    if (texts.length) {
      return { status: 'fail', problems: texts.map((e) => ({ messageId: rejectedWith(e, NOT_AUTHORIZED_RE) === 'translated' ? 'translatedText' : 'clientText', data: { clientError: quoteError(e), signinName: ids.signinName }, evidence: [e, ...acct], confidence: 'inferred' as const, remediation })) };
    }
    // without bodies the service's fault is not in the log: a Login other than the SIP address whose credentials the
    // STS accepted (its token came back), then refused by the Web Ticket service, right before the sign-in stopped
    const other = errors.length ? otherLoginRefused(ev) : undefined;
    if (other) {
      const h = other.refused[other.refused.length - 1]!;
      return {
        status: 'fail',
        problems: [{
          messageId: 'otherLogin', data: { ...ids, url: h.data.url, answer: h.data.status !== undefined ? `HTTP ${h.data.status}` : h.data.outcome },
          evidence: [...other.sts, ...other.refused, ...acct, ...errors], confidence: 'inferred', remediation,
        }],
      };
    }
    const checked = ev.all('webticket.result').length || ev.all('http.exchange').length || ev.all('sip.register').some((r) => r.data.status !== undefined);
    return checked ? { status: 'pass' } : { status: 'inconclusive', reason: 'neither a web ticket answer nor a REGISTER answer was observed' };
  },
});
