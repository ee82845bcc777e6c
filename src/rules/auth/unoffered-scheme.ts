import type { AuthScheme, Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Remediation } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { quoteError, startsWithAny } from '../common/client-error.js';

const TEXT = 'Incompatible authentication scheme chosen';
/** libpurple's PURPLE_CONNECTION_ERROR_AUTHENTICATION_IMPOSSIBLE, the reason SIPE gives that text with */
const AUTHENTICATION_IMPOSSIBLE = 3;

/** SIP scheme names as challenged → the accounts.xml value and the dialog label. */
const SCHEMES: readonly { wire: string; value: string; label: string; setting: AuthScheme }[] = [
  { wire: 'tls-dsk', value: 'tls-dsk', label: 'TLS-DSK', setting: 'tls-dsk' },
  { wire: 'kerberos', value: 'krb5', label: 'Kerberos', setting: 'kerberos' },
  { wire: 'ntlm', value: 'ntlm', label: 'NTLM', setting: 'ntlm' },
];
const labelOf = (s: AuthScheme | undefined): string => SCHEMES.find((x) => x.setting === s)?.label ?? String(s);

export default defineRule({
  meta: {
    id: 'auth/unoffered-scheme',
    category: 'auth',
    rootCause: 'auth-scheme-mismatch',
    severity: 'error',
    title: 'The chosen authentication scheme is offered by the server',
    failureTitle: 'The chosen authentication scheme is not offered by the server',
    description: 'SIPE uses only the Authentication scheme chosen in the account (or, with Auto, TLS-DSK, Kerberos then NTLM). If the server\'s 401 does not offer it, sign-in stops with "Incompatible authentication scheme chosen".',
    messages: {
      notOffered: 'The account is set to {chosen} but the server offers only {offered} in its 401 challenge.',
      notFound: 'SIPE looked for {missing} in the server\'s challenge and did not find it; the server offers {offered}.',
      notFoundByReason: 'SIPE looked for {missing} in the server\'s 401 to REGISTER, did not find it, and the sign-in stopped right after with reason {reason} (authentication impossible). The error text is translated and was not read, and the log does not show the challenge: a log with PURPLE_UNSAFE_DEBUG=1 would show the schemes the server offers, the English text would confirm "Incompatible authentication scheme chosen".',
      clientText: 'SIPE reported "{clientError}": the Authentication scheme chosen in the account is not one the server offers (the log does not show the server\'s challenge).',
    },
    remediation: {
      summary: 'Set the Authentication scheme to one the server offers (Office 365 and most Lync Edge servers need TLS-DSK).',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify → Advanced.',
        'Set "Authentication scheme" to Auto, or to TLS-DSK for Office 365 / Skype for Business Online-era accounts.',
      ],
      audience: 'user',
    },
    requires: ['client.account', 'sip.register', 'auth.event', 'client.error'],
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const a = accountOf(ev);
    const challenges = ev.all('sip.register').filter((r) => (r.data.status === 401 || r.data.status === 407) && r.data.challenges?.length);
    const offered = [...new Set(challenges.flatMap((r) => (r.data.challenges ?? []).map((c) => c.scheme.toLowerCase())))];
    const notFound = ev.all('auth.event').filter((e) => e.data.event === 'scheme-not-offered' || e.data.event === 'no-more-schemes');
    const errors = ev.all('client.error').filter((e) => startsWithAny(e, [TEXT]));
    const chosen = a.authentication;
    const known = SCHEMES.filter((s) => offered.some((o) => o.startsWith(s.wire)));
    const best = known[0];
    const remediation = (): Remediation | undefined =>
      best
        ? {
            summary: `Set the Authentication scheme to ${best.label}, which the server offers.`,
            steps: [`In Pidgin open Accounts → Manage Accounts → Modify → Advanced and set "Authentication scheme" to ${best.label} (or Auto).`],
            audience: 'user',
            settings: [{ field: 'Authentication scheme', key: 'authentication', value: best.value, tab: 'Advanced', choice: best.label }],
          }
        : undefined;
    const offeredText = offered.length ? offered.map((o) => SCHEMES.find((s) => o.startsWith(s.wire))?.label ?? o).join(', ') : 'none SIPE supports';

    const explicit = SCHEMES.find((s) => s.setting === chosen);
    if (explicit && challenges.length && !offered.some((o) => o.startsWith(explicit.wire))) {
      const rem = remediation();
      return {
        status: 'fail',
        problems: [{
          messageId: 'notOffered', data: { chosen: labelOf(chosen), offered: offeredText },
          evidence: [...challenges, ...accounts.filter((o) => o.data.authentication !== undefined), ...errors, ...notFound],
          confidence: 'confirmed', ...(rem ? { remediation: rem } : {}),
        }],
      };
    }
    // libpurple's reason 3 (AUTHENTICATION_IMPOSSIBLE) right after SIPE's own English "'<scheme>' not found" on a
    // REGISTER answer: the sign-in stopped on the missing scheme whatever language the error text is in
    const impossible = errors.length ? [] : ev.all('client.error').filter((e) => e.data.reason === AUTHENTICATION_IMPOSSIBLE
      && notFound.some((n) => n.data.protocol === 'sip' && ev.position(n) < ev.position(e))
      && ev.all('sip.register').some((r) => (r.data.status === 401 || r.data.status === 407) && ev.position(r) < ev.position(e)));
    const stopped = errors.length > 0 || impossible.length > 0 || notFound.some((e) => e.data.event === 'no-more-schemes');
    const missing = notFound.filter((e) => e.data.event === 'scheme-not-offered').map((e) => e.data.scheme).filter((s): s is string => !!s);
    if (stopped && (missing.length || challenges.length)) {
      const rem = remediation();
      const evidence: Observation[] = [...notFound, ...challenges, ...errors, ...impossible];
      // without the English text (or the challenge itself) the stop is read from the reason number: inferred
      const byReasonOnly = !errors.length && !challenges.length && !notFound.some((e) => e.data.event === 'no-more-schemes');
      return {
        status: 'fail',
        problems: [{
          messageId: byReasonOnly ? 'notFoundByReason' : 'notFound',
          data: { missing: missing.length ? [...new Set(missing)].join(', ') : labelOf(chosen), offered: offeredText, ...(byReasonOnly ? { reason: String(AUTHENTICATION_IMPOSSIBLE) } : {}) },
          evidence, confidence: byReasonOnly ? 'inferred' : 'confirmed', ...(rem ? { remediation: rem } : {}),
        }],
      };
    }
    if (errors.length) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    }
    if (challenges.length || ev.all('sip.register').some((r) => r.data.outcome === 'registered')) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no 401 challenge was observed' };
  },
});
