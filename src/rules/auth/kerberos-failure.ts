import type { Observation } from '../../evidence/kinds.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { defineRule } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { isExactly, quoteError } from '../common/client-error.js';

const KERBEROS = /kerberos|gssapi|negotiate|krb5/i;
const SKEW = /skew/i;

export default defineRule({
  meta: {
    id: 'auth/kerberos-failure',
    category: 'auth',
    rootCause: 'kerberos-failed',
    severity: 'error',
    title: 'Kerberos / Single Sign-On works',
    failureTitle: 'Kerberos / Single Sign-On could not get or use a ticket',
    description: 'Kerberos and Single Sign-On need a ticket-granting ticket (kinit) and a resolvable service principal for the server. Without them the security context cannot be created and SIPE reports "Failed to authenticate to server".',
    messages: {
      gssapi: 'Kerberos failed: {detail}.',
      contextFailed: 'SIPE could not create the {scheme} security context{detail}.',
      clientText: 'SIPE reported "{clientError}" with {mode}: Kerberos could not get or use a ticket.',
    },
    remediation: {
      summary: 'Get a Kerberos ticket (kinit) or switch Single Sign-On off and use NTLM with Login and password.',
      steps: [
        'In a terminal run `kinit user@REALM` (realm in upper case, e.g. CORP.EXAMPLE) and check with `klist` that a ticket exists, then sign in again.',
        'Or, on the Advanced tab, untick "Use Single Sign-On", set "Authentication scheme" to NTLM, and enter Login (DOMAIN\\user) and password on the Basic tab.',
      ],
      audience: 'user',
      settings: [
        { field: 'Use Single Sign-On', key: 'sso', value: '0', tab: 'Advanced', choice: 'off' },
        { field: 'Authentication scheme', key: 'authentication', value: 'ntlm', tab: 'Advanced', choice: 'NTLM' },
      ],
    },
    requires: ['client.account', 'auth.event', 'sip.register', 'client.error'],
  },
  check(ev) {
    const a = accountOf(ev);
    // HTTP Negotiate trying Kerberos before `fallback to NTLM` is normal and recovered
    const events = ev.all('auth.event').filter((e) => !(e.data.protocol === 'http' && e.data.recovered === true));
    const completed = progressOf(ev).signedIn;
    const severity = completed ? 'warning' as const : 'error' as const;
    const gss = events.filter((e) => e.data.event === 'gssapi-error' && !SKEW.test(e.data.detail ?? ''));
    const errors: Observation[] = ev.all('client.error').filter((e) => isExactly(e, ['Failed to authenticate to server']));
    if (gss.length) {
      const e = gss[gss.length - 1]!;
      return { status: 'fail', problems: [{ messageId: 'gssapi', data: { detail: e.data.detail ?? 'GSSAPI error' }, evidence: [...gss, ...errors], severity, confidence: 'confirmed' }] };
    }
    const ctx = events.filter((e) => (e.data.event === 'context-failed' || e.data.event === 'no-credentials') && KERBEROS.test(e.data.scheme ?? ''));
    if (ctx.length) {
      const e = ctx[ctx.length - 1]!;
      return { status: 'fail', problems: [{ messageId: 'contextFailed', data: { scheme: e.data.scheme ?? 'Kerberos', detail: e.data.detail ? ` (${e.data.detail})` : '' }, evidence: [...ctx, ...errors], severity, confidence: 'confirmed' }] };
    }
    const kerberosish = a.sso === true || a.authentication === 'kerberos';
    if (errors.length && kerberosish) {
      const mode = a.sso ? 'Single Sign-On on' : 'Authentication scheme Kerberos';
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: e.kind === 'client.error' ? quoteError(e) : '', mode }, evidence: [e, ...ev.all('client.account').filter((x) => x.data.sso || x.data.authentication === 'kerberos')], confidence: 'inferred' as const })) };
    }
    if (events.length || ev.all('sip.register').some((r) => r.data.status !== undefined) || ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no authentication was observed' };
  },
});
