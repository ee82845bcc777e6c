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
import type { Reservation } from '../observations.js';
import type { LogRecord } from '../types.js';
import { publicChallenges } from './challenges.js';
import type { FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';

type AuthData = AuthEvent['data'];

const NOT_FOUND = /^sipmsg_find_auth_header: '([^']+)' not found/;
const AUTH_HEADER = /^(?:process_register_response:? -? ?Auth header: |process_register_response - Auth header: )(.*)$/;
/** every way AUTH_HEADER's `:? -? ?` can be written */
const AUTH_HEADER_ANCHORS = [': ', ':  ', ': -', ': - ', ' ', '  ', ' -', ' - '].map((sep) => `process_register_response${sep}Auth header: `);
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

/** An event of the active security context: a later Negotiate fallback marks it recovered. */
interface ContextEvent {
  place: Reservation<'auth.event'>;
  data: AuthData;
}

export class AuthFamily {
  static readonly rules: LineRules<AuthFamily> = {
    sipe: [
      { anchors: ['sip_sec_create_context: type: '], re: CREATE_CONTEXT, on: (f, m) => f.onCreateContext(m[1] as string, m[2]) },
      { anchors: ['sip_sec_acquire_cred__negotiate: fallback to NTLM'], re: NEGOTIATE_FALLBACK, on: (f) => f.onNegotiateFallback() },
      { anchors: ["sipmsg_find_auth_header: '"], re: NOT_FOUND, on: (f, m, r) => f.sip(r, { event: 'scheme-not-offered', scheme: schemeName(m[1] as string) }) },
      { anchors: AUTH_HEADER_ANCHORS, re: AUTH_HEADER, on: (f, m, r) => f.onAuthHeader(m[1] as string, r) },
      {
        anchors: ['initialize_auth_context: security context '], re: CONTEXT_FAILED,
        on: (f, m, r) => f.sip(r, { event: 'context-failed', ...f.sipScheme(), detail: `security context ${m[1] as string} failed` }),
      },
      {
        anchors: ['sip_sec_ntlm_gen_authenticate: received incompatible NTLM NegotiateFlags'], re: NTLM_FLAGS,
        on: (f, m, r) => f.context(r, { event: 'context-failed', scheme: 'ntlm', detail: (m[1] as string).trim() }),
      },
      {
        anchors: ['sip_sec_acquire_cred__'], re: NO_CREDS,
        on: (f, m, r) => f.context(r, { event: 'no-credentials', ...f.contextScheme(), detail: (m[1] as string).trim() }),
      },
      { anchors: ['sip_sec_gssapi: GSSAPI error in '], re: GSSAPI, input: (r) => [r.text, ...r.continuation].join(' '), on: (f, m, r) => f.onGssapi(m, r) },
      {
        anchors: ['sip_sec_acquire_cred__gssapi: failed to acquire credentials'], re: GSS_CREDS,
        on: (f, m, r) => f.context(r, { event: 'gssapi-error', scheme: 'kerberos', detail: (m[1] as string).trim() }),
      },
      {
        anchors: ['process_register_response: authentication handshake failed - '], re: HANDSHAKE_FAILED,
        on: (f, m, r) => f.sip(r, { event: 'handshake-failed', ...f.sipScheme(), detail: m[1] as string }),
      },
      { anchors: ['process_register_response: no more authentication schemes to try'], re: NO_MORE, on: (f, _m, r) => f.sip(r, { event: 'no-more-schemes', ...f.sipScheme() }) },
      { anchors: ['process_register_response: authentication handshake completed successfully'], re: COMPLETED, on: (f, _m, r) => f.sip(r, { event: 'completed', ...f.sipScheme() }) },
    ],
  };

  /** the SIP authentication scheme in use (from the context type or challenge) */
  private scheme: string | undefined;
  /** protocol of the security context SIPE created last (`sip_sec_create_context: … protocol: SIP|HTTP`) */
  private contextProtocol: 'sip' | 'http' | undefined;
  /** that context's scheme (`sip_sec_create_context: type: N`) */
  private contextType: string | undefined;
  /** events of that context, complete once the context is replaced (or the log ends) */
  private contextEvents: ContextEvent[] = [];

  constructor(private readonly ctx: FamilyContext) {}

  startAttempt(): void {
    this.scheme = undefined;
  }

  finish(): void {
    this.closeContext();
  }

  /** An event of SIP's own REGISTER handling. */
  private sip(r: LogRecord, data: AuthData): void {
    this.ctx.out.add(r, 'auth.event', { ...data, protocol: 'sip' });
  }

  /** An event of whichever security context is active. */
  private context(r: LogRecord, data: AuthData): void {
    const protocol = this.contextProtocol;
    this.contextEvents.push({ place: this.ctx.out.reserve(r, 'auth.event'), data: protocol ? { ...data, protocol } : data });
  }

  private sipScheme(): { scheme?: string } {
    return this.scheme ? { scheme: this.scheme } : {};
  }

  /** the active context's scheme: an HTTP context's failures are not the SIP scheme's */
  private contextScheme(): { scheme?: string } {
    if (this.contextProtocol !== 'http') return this.sipScheme();
    return this.contextType ? { scheme: this.contextType } : {};
  }

  private onCreateContext(type: string, protocolName: string | undefined): void {
    const protocol = protocolName === 'HTTP' ? 'http' : protocolName === 'SIP' ? 'sip' : undefined;
    this.closeContext();
    this.contextProtocol = protocol;
    this.contextType = SEC_TYPES[type];
    // an HTTP context (web ticket, certificate provisioning) does not change the SIP scheme
    if (protocol !== 'http') this.scheme = SEC_TYPES[type];
  }

  private onNegotiateFallback(): void {
    for (const e of this.contextEvents) e.data.recovered = true;
  }

  private onAuthHeader(header: string, r: LogRecord): void {
    const challenge = publicChallenges(parseChallenges(header))[0];
    if (!challenge) return;
    const params = Object.entries(challenge.params).map(([k, v]) => `${k}="${v}"`).join(', ');
    this.scheme = schemeName(challenge.scheme);
    this.sip(r, { event: 'challenge', scheme: schemeName(challenge.scheme), detail: `${challenge.scheme}${params ? ` ${params}` : ''}` });
  }

  private onGssapi(m: RegExpExecArray, r: LogRecord): void {
    const detail = `${m[1] as string} (${m[2] as string}): ${(m[3] as string).trim()}`;
    this.context(r, { event: 'gssapi-error', scheme: 'kerberos', detail });
    if (CLOCK.test(detail)) this.context(r, { event: 'clock-skew', scheme: 'kerberos', detail });
  }

  private closeContext(): void {
    const events = this.contextEvents;
    this.contextEvents = [];
    for (const e of events) this.ctx.out.complete(e.place, e.data);
  }
}
