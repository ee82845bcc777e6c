import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { findDiagnostic } from '../../protocol/sip-status.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { quoteError } from '../common/client-error.js';

const SKEW_TEXT = /clock skew|time skew|skew too great|KRB5KRB_AP_ERR_SKEW|MessageExpired|message has expired|timestamp.*(invalid|expired|future)/i;

export default defineRule({
  meta: {
    id: 'auth/clock-skew',
    category: 'auth',
    rootCause: 'clock-skew',
    severity: 'error',
    title: 'Client and server clocks agree',
    failureTitle: 'Client and server clocks differ too much',
    description: 'Kerberos, NTLM signatures, TLS-DSK and web tickets carry timestamps; when this computer\'s clock is minutes off, the server rejects them.',
    messages: {
      diagnostics: 'The server reported ms-diagnostics 1013 "{reason}": this computer\'s clock differs too much from the server\'s.',
      text: 'Authentication failed because of a time difference: "{detail}".',
      acceptedThenRefused: 'The server validated the signature of its answer with the session key (so it accepted the password and Login), then refused the signed REGISTER with 401 and SIPE gave up ("{clientError}"). With correct credentials that is what a clock difference does; ms-diagnostics 1013 on that 401 (in a log taken with PURPLE_UNSAFE_DEBUG=1) would confirm it.',
    },
    remediation: {
      summary: 'Correct this computer\'s date, time and time zone (enable network time).',
      steps: ['Enable network time synchronisation (e.g. `timedatectl set-ntp true`) and check the time zone.', 'Sign in again once `timedatectl` shows the clock synchronised.'],
      audience: 'user',
    },
    requires: ['sip.register', 'http.exchange', 'auth.event', 'session.ended', 'client.error', 'tcp.connect', 'transport.event', 'tls.handshake'],
  },
  check(ev) {
    const withDiag: Observation[] = [
      ...ev.all('sip.register').filter((r) => findDiagnostic(r.data.msDiagnostics, 'clock-skew')),
      ...ev.all('http.exchange').filter((h) => findDiagnostic(h.data.msDiagnostics, 'clock-skew')),
      ...ev.all('session.ended').filter((s) => findDiagnostic(s.data.msDiagnostics, 'clock-skew')),
    ];
    if (withDiag.length) {
      const o = withDiag[0]!;
      const diags = o.kind === 'sip.register' || o.kind === 'http.exchange' || o.kind === 'session.ended' ? o.data.msDiagnostics : undefined;
      const reason = findDiagnostic(diags, 'clock-skew')?.reason ?? 'Significant time skew detected during authentication.';
      return { status: 'fail', problems: [{ messageId: 'diagnostics', data: { reason }, evidence: withDiag, confidence: 'confirmed' }] };
    }
    const texts: Observation[] = [
      ...ev.all('auth.event').filter((e) => e.data.event === 'clock-skew' || SKEW_TEXT.test(e.data.detail ?? '')),
      ...ev.all('http.exchange').filter((h) => SKEW_TEXT.test(h.data.fault ?? '')),
    ];
    if (texts.length) {
      const o = texts[0]!;
      const detail = (o.kind === 'auth.event' ? o.data.detail : o.kind === 'http.exchange' ? o.data.fault : undefined) ?? 'clock skew';
      return { status: 'fail', problems: [{ messageId: 'text', data: { detail: detail.trim().slice(0, 200) }, evidence: texts, confidence: 'confirmed' }] };
    }
    // without message bodies: credentials proven right, yet the authenticated REGISTER is refused
    const accepted = ev.all('auth.event').find((e) => e.data.event === 'credentials-accepted');
    if (accepted && !progressOf(ev).signedIn) {
      const refused = ev.all('sip.register').filter((r) => r.data.status === 401 && ev.position(r) >= ev.position(accepted));
      const gaveUp = ev.all('auth.event').filter((e) => e.data.event === 'handshake-failed' && ev.position(e) >= ev.position(accepted));
      const errors = ev.all('client.error').filter((e) => ev.position(e) > ev.position(accepted));
      if (refused.length || (gaveUp.length && errors.length)) {
        const clientError = errors.length ? quoteError(errors[errors.length - 1]!) : '401';
        return { status: 'fail', problems: [{ messageId: 'acceptedThenRefused', data: { clientError }, evidence: [accepted, ...refused, ...gaveUp, ...errors], confidence: 'inferred' }] };
      }
    }
    if (ev.all('sip.register').length || ev.all('auth.event').length || ev.all('http.exchange').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no authentication exchange was observed' };
  },
});
