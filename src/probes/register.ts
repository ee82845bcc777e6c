/**
 * SIPE's REGISTER and its answer on a connected channel: the unauthenticated
 * REGISTER, SIPE's choice of scheme from the 401, and — with a password, over TLS to a host whose
 * certificate verified — the NTLMv2 exchange to "registered" or "401 again" (credentials refused).
 */
import type { AuthScheme, Draft } from '../evidence/kinds.js';
import { isClientVersionBlock } from '../protocol/sip-status.js';
import type { SipMessage } from '../protocol/sip/types.js';
import { ntlmIdentity } from '../protocol/account-settings.js';
import { buildAuthenticateMessage, parseChallengeMessage } from './ntlm-client.js';
import { authorizationHeader } from './register-request.js';
import { rawChallenge, registerTransaction, type RegisterSession, type TransactionResult } from './register-transaction.js';
import type { ProbeContext } from './types.js';
import { runWebTicket } from './webticket.js';

export interface RegisterOptions {
  userAgent: string;
  authentication: AuthScheme;
  login?: string;
  password?: string;
  /** why the password must not be sent on this connection (TCP, bad certificate) */
  noCredentialsReason?: string;
  /** CSR maker for the TLS-DSK certificate request (absent: that step is not tested) */
  makeCsr?: (subject: string) => Promise<string>;
}

export interface RegisterRun {
  /** the last SIPE-path transaction */
  last: TransactionResult;
  /** 403 that looks like the client-version filter */
  versionBlocked: boolean;
  /** the first REGISTER's 401, when there was one */
  challenge?: SipMessage;
}

const emit = (ctx: ProbeContext, d: Draft): void => ctx.emit(d, 'sip-register');

/** SIPE's scheme choice on the first 401: explicit scheme, or Auto = TLS-DSK → Kerberos → NTLM. */
export function sipeSchemeChoice(setting: AuthScheme, offered: readonly string[]): { scheme?: string; missing?: string } {
  const has = (s: string): boolean => offered.some((o) => o.toLowerCase().startsWith(s.toLowerCase()));
  const want: Record<string, string> = { ntlm: 'NTLM', kerberos: 'Kerberos', 'tls-dsk': 'TLS-DSK' };
  if (setting === 'auto' || !(setting in want)) {
    const pick = ['TLS-DSK', 'Kerberos', 'NTLM'].find(has);
    return pick ? { scheme: pick } : { missing: 'TLS-DSK, Kerberos or NTLM' };
  }
  const s = want[setting]!;
  return has(s) ? { scheme: s } : { missing: s };
}

export async function runRegister(ctx: ProbeContext, s: RegisterSession, o: RegisterOptions): Promise<RegisterRun> {
  const first = await registerTransaction(ctx, s, { userAgent: o.userAgent });
  emit(ctx, first.draft);
  const run: RegisterRun = { last: first, versionBlocked: isClientVersionBlock(first.draft.data) };
  if (first.draft.data.outcome !== 'challenged' || !first.response) return run;
  run.challenge = first.response;

  const offered = (first.draft.data.challenges ?? []).map((c) => c.scheme);
  const choice = sipeSchemeChoice(o.authentication, offered);
  if (!choice.scheme) {
    emit(ctx, { kind: 'auth.event', data: { event: 'scheme-not-offered', scheme: choice.missing ?? o.authentication, detail: `server offers: ${offered.join(', ') || 'nothing'}` } });
    return run;
  }
  emit(ctx, { kind: 'auth.event', data: { event: 'challenge', scheme: choice.scheme, detail: `server offers: ${offered.join(', ')}; SIPE (${o.authentication}) picks ${choice.scheme}` } });

  // Auto with Kerberos but without a ticket falls back to NTLM in SIPE; check has no Kerberos, so it tests NTLM there too
  const useNtlm = choice.scheme === 'NTLM' || (choice.scheme === 'Kerberos' && o.authentication === 'auto' && offered.some((x) => /^ntlm/i.test(x)));
  if (choice.scheme === 'TLS-DSK') {
    // SIPE first gets a web ticket and a client certificate; check walks that path (not the TLS-DSK handshake)
    const sts = rawChallenge(first.response, 'TLS-DSK')?.['sts-uri'];
    if (!sts) {
      emit(ctx, { kind: 'webticket.result', data: { stage: 'webticket', outcome: 'failed', detail: 'No URI for certificate provisioning service provided' } });
      return run;
    }
    if (o.noCredentialsReason) withheld(ctx, 'TLS-DSK', `the web ticket service ${sts} was named by this server, and ${o.noCredentialsReason}`);
    await runWebTicket(ctx, {
      stsUri: sts,
      address: s.dialog.address,
      login: o.login?.trim() || s.dialog.address,
      // a URL handed out by an unverified peer is never used with credentials
      ...(o.password && !o.noCredentialsReason ? { password: o.password } : {}),
      ...(o.noCredentialsReason ? { credentialsWithheld: `its address came from a server where ${o.noCredentialsReason}` } : {}),
      userAgent: o.userAgent,
      ...(o.makeCsr ? { makeCsr: o.makeCsr } : {}),
    });
    return run;
  }
  if (!useNtlm) {
    ctx.note(`SIPE would authenticate with ${choice.scheme}; check completes only NTLM, so the credentials were not tested.`);
    return run;
  }
  if (o.noCredentialsReason) {
    withheld(ctx, choice.scheme === 'Kerberos' ? 'NTLM' : choice.scheme, o.noCredentialsReason);
    ctx.note(`Password not sent: ${o.noCredentialsReason}; authentication not tested.`);
    return run;
  }
  if (!o.password) {
    ctx.note('No password given (use --password - or SIPE_DOCTOR_PASSWORD): authentication not tested.');
    return run;
  }
  run.last = await ntlmExchange(ctx, s, o, first.response);
  return run;
}

/** The evidence that the server asked for credentials on a path check does not trust, and why none were sent. */
function withheld(ctx: ProbeContext, scheme: string, reason: string): void {
  emit(ctx, { kind: 'auth.event', data: { event: 'credentials-withheld', scheme, protocol: 'sip', detail: reason } });
}

async function ntlmExchange(ctx: ProbeContext, s: RegisterSession, o: RegisterOptions, challenge401: SipMessage): Promise<TransactionResult> {
  const offer = rawChallenge(challenge401, 'NTLM') ?? {};
  const realm = offer['realm'] ?? 'SIP Communications Service';
  const targetname = offer['targetname'] ?? '';
  const serverVersion = Number(offer['version'] ?? 0);
  const version = serverVersion > 2 ? serverVersion : undefined;
  const auth = (p: { opaque?: string; gssapiData: string }): string =>
    authorizationHeader({ scheme: 'NTLM', realm, targetname, ...p, ...(version !== undefined ? { version } : {}) });

  // leg 1: empty gssapi-data asks for the NTLM challenge (connection-less NTLM has no NEGOTIATE)
  const leg1 = await registerTransaction(ctx, s, { userAgent: o.userAgent, authorization: auth({ gssapiData: '' }), authorizationScheme: 'NTLM', label: '(NTLM) ' });
  emit(ctx, leg1.draft);
  const ntlm = leg1.response ? rawChallenge(leg1.response, 'NTLM') : undefined;
  const gssapi = ntlm?.['gssapi-data'];
  if (leg1.draft.data.outcome !== 'challenged' || !gssapi) return leg1;
  const challenge = parseChallengeMessage(Buffer.from(gssapi, 'base64'));
  if (!challenge) {
    emit(ctx, { kind: 'auth.event', data: { event: 'context-failed', scheme: 'NTLM', detail: 'the server sent an NTLM challenge that does not parse' } });
    return leg1;
  }
  const id = ntlmIdentity(o.login, s.dialog.address);
  const { message } = buildAuthenticateMessage({
    challenge,
    ...id,
    password: o.password ?? '',
    workstation: 'PIDGIN',
    clientChallenge: Buffer.from(s.random(8)),
    randomSessionKey: Buffer.from(s.random(16)),
    nowMs: ctx.now().getTime(),
  });
  const leg2 = await registerTransaction(ctx, s, {
    userAgent: o.userAgent,
    authorization: auth({ ...(ntlm['opaque'] !== undefined ? { opaque: ntlm['opaque'] } : {}), gssapiData: message.toString('base64') }),
    authorizationScheme: 'NTLM',
    label: '(NTLM response) ',
  });
  emit(ctx, leg2.draft);
  const out = leg2.draft.data.outcome;
  if (out === 'registered') emit(ctx, { kind: 'auth.event', data: { event: 'completed', scheme: 'NTLM', detail: 'authentication handshake completed successfully' } });
  else if (out === 'challenged') {
    emit(ctx, { kind: 'auth.event', data: { event: 'handshake-failed', scheme: 'NTLM', detail: `the server refused the NTLM credentials of ${id.domain ? `${id.domain}\\` : ''}${id.user} (401 after the NTLM response)` } });
  }
  return leg2;
}
