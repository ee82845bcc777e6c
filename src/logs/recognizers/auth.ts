/**
 * Authentication family (SIPE's SIP security layer, sipe.md §1.7, §3.3):
 *  `sipmsg_find_auth_header: 'TLS-DSK' not found`, `process_register_response: Auth header: NTLM realm=…`
 *  `initialize_auth_context: security context initialization failed` / `… continuation failed`
 *  `sip_sec_ntlm_gen_authenticate: received incompatible NTLM NegotiateFlags, exiting.`
 *  `sip_sec_acquire_cred__ntlm: no valid authentication information provided`
 *  `sip_sec_gssapi: GSSAPI error in <fn> (GSS|Mech): <text>`, `sip_sec_acquire_cred__gssapi: failed to acquire credentials (ret=N)`
 *  `process_register_response: authentication handshake failed - giving up.` / `- trying next authentication scheme.`
 *  `process_register_response: no more authentication schemes to try`
 *  `process_register_response: authentication handshake completed successfully`
 */
import type { AuthEvent } from '../../evidence/kinds.js';
import { parseChallenges } from '../../protocol/sip/parse.js';
import type { LogRecord } from '../types.js';
import { emit, type LogState } from './context.js';
import { publicChallenges } from './sip.js';

type AuthData = AuthEvent['data'];

const NOT_FOUND = /^sipmsg_find_auth_header: '([^']+)' not found/;
const AUTH_HEADER = /^(?:process_register_response:? -? ?Auth header: |process_register_response - Auth header: )(.*)$/;
const CONTEXT_FAILED = /^initialize_auth_context: security context (initialization|continuation) failed/;
const NTLM_FLAGS = /^sip_sec_ntlm_gen_authenticate: (received incompatible NTLM NegotiateFlags.*)$/;
const NO_CREDS = /^sip_sec_acquire_cred__\w+: (no valid authentication information provided.*)$/;
const GSSAPI = /^sip_sec_gssapi: GSSAPI error in (\S+) \((\w+)\): (.*)$/s;
const GSS_CREDS = /^sip_sec_acquire_cred__gssapi: (failed to acquire credentials.*)$/;
const HANDSHAKE_FAILED = /^process_register_response: authentication handshake failed - (giving up|trying next authentication scheme)/;
const NO_MORE = /^process_register_response: no more authentication schemes to try/;
const COMPLETED = /^process_register_response: authentication handshake completed successfully/;
const CLOCK = /clock skew|time skew|KRB_AP_ERR_SKEW/i;

/** Scheme names as SIPE writes them → the evidence's words. */
export function schemeName(s: string): string {
  const l = s.toLowerCase();
  if (l === 'krb5' || l === 'kerberos') return 'kerberos';
  if (l === 'tls-dsk') return 'tls-dsk';
  return l;
}

/** The `sip_sec_create_context: type: N` number → scheme. */
const SEC_TYPES: Readonly<Record<string, string>> = { '1': 'basic', '2': 'ntlm', '3': 'kerberos', '4': 'negotiate', '5': 'tls-dsk' };
const CREATE_CONTEXT = /^sip_sec_create_context: type: (\d+)(?:.*\bprotocol: (SIP|HTTP)\b)?/;
/** HTTP Negotiate could not use Kerberos and goes on with NTLM in the same context */
const NEGOTIATE_FALLBACK = /^sip_sec_acquire_cred__negotiate: fallback to NTLM/;

export function recognizeAuth(r: LogRecord, st: LogState): void {
  if (r.category !== 'sipe') return;
  const t = r.text;
  // lines of SIP's own REGISTER handling vs. lines of whichever security context is active
  const sipEv = (data: AuthData): void => {
    emit(st, r, { kind: 'auth.event', data: { ...data, protocol: 'sip' } });
  };
  const ev = (data: AuthData): void => {
    const protocol = st.authContextProtocol;
    st.authContextEvents.push(emit(st, r, { kind: 'auth.event', data: protocol ? { ...data, protocol } : data }));
  };
  let m = CREATE_CONTEXT.exec(t);
  if (m) {
    const protocol = m[2] === 'HTTP' ? 'http' : m[2] === 'SIP' ? 'sip' : undefined;
    st.authContextProtocol = protocol;
    st.authContextScheme = SEC_TYPES[m[1] as string];
    st.authContextEvents = [];
    // an HTTP context (web ticket, certificate provisioning) does not change the SIP scheme
    if (protocol !== 'http') st.authScheme = SEC_TYPES[m[1] as string];
    return;
  }
  if (NEGOTIATE_FALLBACK.test(t)) {
    for (const d of st.authContextEvents) if (d.kind === 'auth.event') d.data.recovered = true;
    return;
  }
  if ((m = NOT_FOUND.exec(t))) return sipEv({ event: 'scheme-not-offered', scheme: schemeName(m[1] as string) });
  if ((m = AUTH_HEADER.exec(t))) {
    const challenge = publicChallenges(parseChallenges(m[1] as string))[0];
    if (!challenge) return;
    const params = Object.entries(challenge.params).map(([k, v]) => `${k}="${v}"`).join(', ');
    st.authScheme = schemeName(challenge.scheme);
    return sipEv({ event: 'challenge', scheme: schemeName(challenge.scheme), detail: `${challenge.scheme}${params ? ` ${params}` : ''}` });
  }
  const scheme = st.authScheme ? { scheme: st.authScheme } : {};
  // the active context's scheme: an HTTP context's failures are not the SIP scheme's
  const contextScheme = st.authContextProtocol === 'http' ? (st.authContextScheme ? { scheme: st.authContextScheme } : {}) : scheme;
  if ((m = CONTEXT_FAILED.exec(t))) return sipEv({ event: 'context-failed', ...scheme, detail: `security context ${m[1] as string} failed` });
  if ((m = NTLM_FLAGS.exec(t))) return ev({ event: 'context-failed', scheme: 'ntlm', detail: (m[1] as string).trim() });
  if ((m = NO_CREDS.exec(t))) return ev({ event: 'no-credentials', ...contextScheme, detail: (m[1] as string).trim() });
  if ((m = GSSAPI.exec([t, ...r.continuation].join(' ')))) {
    const detail = `${m[1] as string} (${m[2] as string}): ${(m[3] as string).trim()}`;
    ev({ event: 'gssapi-error', scheme: 'kerberos', detail });
    if (CLOCK.test(detail)) ev({ event: 'clock-skew', scheme: 'kerberos', detail });
    return;
  }
  if ((m = GSS_CREDS.exec(t))) return ev({ event: 'gssapi-error', scheme: 'kerberos', detail: (m[1] as string).trim() });
  if ((m = HANDSHAKE_FAILED.exec(t))) return sipEv({ event: 'handshake-failed', ...scheme, detail: m[1] as string });
  if (NO_MORE.test(t)) return sipEv({ event: 'no-more-schemes', ...scheme });
  if (COMPLETED.test(t)) return sipEv({ event: 'completed', ...scheme });
}
