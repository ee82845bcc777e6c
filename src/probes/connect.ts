/**
 * TCP, then TLS, to one candidate, as libpurple does for SIPE: a certificate that fails
 * verification or the host-name check ends the candidate (SIPE moves on), unless `--insecure`
 * asked to continue (marked in the evidence; no password is ever sent there).
 */
import type { Draft } from '../evidence/kinds.js';
import type { Candidate } from '../protocol/discovery.js';
import { errText } from './dns.js';
import { netOutcomeOf } from './net-errors.js';
import { chainTrusted, isValidityError } from '../protocol/cert-errors.js';
import { isIpLiteral } from '../protocol/hosts.js';
import type { CertSummary, Conn, ProbeContext, TlsResult } from './types.js';

export interface ConnectResult {
  connected: boolean;
  conn?: Conn;
  /** the certificate failed validation (never send credentials to this host) */
  certFailed: boolean;
  /** continued past a bad certificate because of --insecure */
  insecure: boolean;
  /** one line for progress and the discovery summary */
  summary: string;
}

const OLD_TLS_CODES = /UNSUPPORTED_PROTOCOL|PROTOCOL_VERSION|NO_PROTOCOLS_AVAILABLE|VERSION_TOO_LOW|WRONG_SSL_VERSION/i;
const NOT_TLS_CODES = /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|UNKNOWN_PROTOCOL|RECORD_LAYER|RECORD_LENGTH/i;

export async function connectCandidate(
  ctx: ProbeContext,
  cand: Candidate,
  address: string,
  opts: { insecure: boolean },
): Promise<ConnectResult> {
  const tcp = await tcpConnect(ctx, cand, address);
  if (!tcp.conn) return { connected: false, certFailed: false, insecure: false, summary: tcp.summary };
  if (cand.transport === 'tcp') return { connected: true, conn: tcp.conn, certFailed: false, insecure: false, summary: 'TCP connected' };

  const step = `TLS handshake ${cand.host}:${cand.port}`;
  ctx.progress({ phase: 'start', step });
  const tls = await tlsHandshake(ctx, tcp.conn, cand);
  if (tls.outcome !== 'ok') {
    tcp.conn.close();
    const explained = await explainFailedHandshake(ctx, cand, address, tls);
    ctx.progress({ phase: 'done', step, detail: explained.summary, ok: false });
    return { connected: false, certFailed: false, insecure: false, summary: explained.summary };
  }
  const cert = certificateDraft(ctx, cand, tls);
  const certOk = cert ? cert.data.trusted === true && cert.data.hostnameMatch === true && cert.data.timeValid === true : false;
  const insecure = !certOk && opts.insecure;
  ctx.emit(handshakeDraft(cand, tls, insecure ? { insecure: true } : {}), 'tls');
  if (cert) ctx.emit(cert, 'tls');
  const certText = certOk ? 'certificate OK' : `certificate rejected (${(cert?.data.errors ?? ['no certificate']).join(', ')})`;
  const summary = `${tls.protocol ?? 'TLS'} ${tls.cipher ?? ''}, ${certText}${insecure ? ' — continuing because of --insecure' : ''}`.replace(/\s+,/, ',');
  ctx.progress({ phase: 'done', step, detail: summary, ok: certOk });
  if (!certOk && !insecure) {
    tls.conn?.close();
    return { connected: false, certFailed: true, insecure: false, summary };
  }
  if (!tls.conn) return { connected: false, certFailed: !certOk, insecure, summary: 'TLS stream missing' };
  return { connected: true, conn: tls.conn, certFailed: !certOk, insecure, summary };
}

async function tcpConnect(ctx: ProbeContext, cand: Candidate, address: string): Promise<{ conn?: Conn; summary: string }> {
  const step = `TCP connect ${cand.host}:${cand.port} (${address})`;
  ctx.progress({ phase: 'start', step });
  const at = ctx.now().toISOString();
  let r;
  try {
    r = await ctx.net.tcp.connect({ host: cand.host, address, port: cand.port, signal: ctx.opSignal() });
  } catch (e) {
    r = { outcome: netOutcomeOf(e, ctx.signal.aborted), address, durationMs: 0, error: errText(e) } as const;
  }
  ctx.emit({
    kind: 'tcp.connect',
    at,
    data: {
      host: cand.host,
      port: cand.port,
      address: r.address,
      outcome: r.outcome,
      purpose: 'sip',
      durationMs: Math.round(r.durationMs),
      ...(r.error ? { error: r.error } : {}),
    },
  }, 'tcp');
  const summary = r.outcome === 'ok' ? `connected in ${Math.round(r.durationMs)} ms` : `TCP ${r.outcome}${r.error ? `: ${r.error}` : ''}`;
  ctx.progress({ phase: 'done', step, detail: summary, ok: r.outcome === 'ok' });
  if (r.outcome === 'ok' && !r.conn) return { summary: 'TCP stream missing' };
  return r.outcome === 'ok' && r.conn ? { conn: r.conn, summary } : { summary };
}

async function tlsHandshake(ctx: ProbeContext, conn: Conn, cand: Candidate, minVersion?: 'TLSv1'): Promise<TlsResult> {
  try {
    return await ctx.net.tls.handshake({
      conn,
      host: cand.host,
      port: cand.port,
      servername: cand.host,
      ...(minVersion ? { minVersion } : {}),
      signal: ctx.opSignal(),
    });
  } catch (e) {
    return { outcome: netOutcomeOf(e, ctx.signal.aborted), error: errText(e), chain: [], durationMs: 0 };
  }
}

/**
 * A failed default handshake: retry allowing TLS 1.0 to tell "the server speaks only old TLS"
 * from "this port does not speak TLS"; on silence, check whether the port answers plain SIP.
 */
async function explainFailedHandshake(ctx: ProbeContext, cand: Candidate, address: string, first: TlsResult): Promise<{ summary: string }> {
  const code = `${first.errorCode ?? ''} ${first.error ?? ''} ${first.alert ?? ''}`;
  if (first.outcome === 'not-tls' || NOT_TLS_CODES.test(code)) {
    ctx.emit(handshakeDraft(cand, { ...first, outcome: 'not-tls' }, { error: `${first.error ?? 'not a TLS answer'} — the port does not speak TLS (Connection type TLS vs TCP mixed up?)` }), 'tls');
    return { summary: 'not TLS' };
  }
  if ((first.outcome === 'alert' || first.outcome === 'failed' || first.outcome === 'reset' || first.outcome === 'closed') && !ctx.signal.aborted) {
    const retry = await ctx.net.tcp.connect({ host: cand.host, address, port: cand.port, signal: ctx.opSignal() }).catch(() => undefined);
    if (retry?.conn) {
      const old = await tlsHandshake(ctx, retry.conn, cand, 'TLSv1');
      old.conn?.close();
      retry.conn.close();
      if (old.outcome === 'ok' && old.protocol && /TLSv1(\.1)?$/.test(old.protocol)) {
        ctx.emit(handshakeDraft(cand, first, {
          protocol: old.protocol,
          error: `the server offers only ${old.protocol} (refused TLS 1.2 and later${first.alert ? `: alert ${first.alert}` : ''})`,
        }), 'tls');
        const cert = certificateDraft(ctx, cand, old);
        if (cert) ctx.emit(cert, 'tls');
        return { summary: `server speaks only ${old.protocol}` };
      }
    }
    if (OLD_TLS_CODES.test(code)) {
      ctx.emit(handshakeDraft(cand, first, {}), 'tls');
      return { summary: `TLS ${first.outcome}: no common protocol version` };
    }
  }
  if (first.outcome === 'timeout' && !ctx.signal.aborted && (await answersPlainSip(ctx, cand, address))) {
    ctx.emit(handshakeDraft(cand, { ...first, outcome: 'not-tls' }, {
      error: 'no TLS answer; the port answers plain SIP over TCP (Connection type TLS vs TCP mixed up?)',
    }), 'tls');
    return { summary: 'not TLS: the port speaks plain SIP' };
  }
  ctx.emit(handshakeDraft(cand, first, {}), 'tls');
  return { summary: `TLS ${first.outcome}${first.error ? `: ${first.error}` : ''}` };
}

/** Send a SIP OPTIONS over plain TCP and see whether anything SIP comes back (bounded wait). */
async function answersPlainSip(ctx: ProbeContext, cand: Candidate, address: string): Promise<boolean> {
  const r = await ctx.net.tcp.connect({ host: cand.host, address, port: cand.port, signal: ctx.opSignal() }).catch(() => undefined);
  if (!r?.conn) return false;
  const ch = ctx.net.sip.channel(r.conn, 'tcp');
  try {
    const req = [
      `OPTIONS sip:${cand.host} SIP/2.0`,
      `Via: SIP/2.0/TCP ${ch.local.address}:${ch.local.port};branch=z9hG4bKsipedoctorprobe`,
      'Max-Forwards: 70',
      `From: <sip:probe@${cand.host}>;tag=sipedoctor`,
      `To: <sip:${cand.host}>`,
      'Call-ID: sipe-doctor-tls-sniff',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const sent = await ch.send(req);
    if (!sent.ok) return false;
    const got = await ch.receive(ctx.opSignal(Math.min(ctx.timeoutMs, 2000)));
    return got.type === 'message' && /^SIP\/2\.0 /.test(got.text);
  } catch {
    return false;
  } finally {
    ch.close();
  }
}

function handshakeDraft(cand: Candidate, r: TlsResult, extra: Partial<Draft<'tls.handshake'>['data']>): Draft<'tls.handshake'> {
  return {
    kind: 'tls.handshake',
    data: {
      host: cand.host,
      port: cand.port,
      ...(isIpLiteral(cand.host) ? {} : { sni: cand.host }),
      outcome: r.outcome,
      purpose: 'sip',
      ...(r.protocol ? { protocol: r.protocol } : {}),
      ...(r.cipher ? { cipher: r.cipher } : {}),
      ...(r.alert ? { alert: r.alert } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...extra,
    } as Draft<'tls.handshake'>['data'],
  };
}

export function certificateDraft(ctx: ProbeContext, cand: Candidate, r: TlsResult): Draft<'tls.certificate'> | undefined {
  const leaf: CertSummary | undefined = r.chain[0];
  if (!leaf) return undefined;
  const now = ctx.now().getTime();
  const timeValid = Date.parse(leaf.notBefore) <= now && now <= Date.parse(leaf.notAfter);
  const trusted = chainTrusted(r.verifyError);
  const errors = [r.verifyError, r.hostnameError].filter((e): e is string => !!e);
  if (!timeValid && !errors.some(isValidityError)) {
    errors.push(now > Date.parse(leaf.notAfter) ? 'CERT_HAS_EXPIRED' : 'CERT_NOT_YET_VALID');
  }
  return {
    kind: 'tls.certificate',
    data: {
      host: cand.host,
      port: cand.port,
      subject: leaf.subject,
      issuer: leaf.issuer,
      altNames: [...leaf.altNames],
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
      trusted,
      hostnameMatch: !r.hostnameError,
      timeValid,
      selfSigned: leaf.selfSigned,
      errors,
      chainLength: r.chain.length,
    },
  };
}
