/**
 * TlsPort on node:tls: the handshake over an open TCP connection, capturing protocol, cipher, the
 * peer chain, the chain verification error (system roots + `--ca`) and the host-name check
 * against the name SIPE connects to. Verification never aborts the handshake: the probe decides.
 */
import net from 'node:net';
import tls from 'node:tls';
import { netOutcomeOf } from '../probes/net-errors.js';
import type { CertSummary, TlsPort, TlsResult } from '../probes/types.js';
import { asNodeConn, NodeConn } from './node-net.js';
import { summarizeCertificate } from './x509-summary.js';

export interface TlsPortOptions {
  /** extra trusted CA certificates (PEM), added to the system roots */
  extraCaPem?: string[];
}

/** `ca` for node:tls / undici: undefined keeps Node's default store; otherwise system roots + extras. */
export function trustStore(extraCaPem: readonly string[] | undefined): string[] | undefined {
  return extraCaPem?.length ? [...tls.rootCertificates, ...extraCaPem] : undefined;
}

/**
 * A TLS context (node:tls `secureContext`) trusting Node's default roots plus `extraCaPem` (`--ca`).
 * Passing `ca: trustStore(extra)` instead makes node:tls parse the ~140 root certificates again for
 * every connection (~25 ms each); this starts from Node's default store (parsed once per process;
 * node:tls gives the context its own copy before adding to it, so other connections never trust the
 * extras) and adds only the extras. Build it once and reuse it. `options`: minVersion, ciphers …
 */
export function trustContext(extraCaPem: readonly string[], options: tls.SecureContextOptions = {}): tls.SecureContext {
  const ctx = tls.createSecureContext(options);
  const native = (ctx as unknown as { context?: { addCACert?: (pem: string) => void } }).context;
  if (typeof native?.addCACert !== 'function') return tls.createSecureContext({ ...options, ca: trustStore(extraCaPem) ?? [] });
  for (const pem of extraCaPem) native.addCACert.call(native, pem);
  return ctx;
}

function peerChain(s: tls.TLSSocket): CertSummary[] {
  const out: CertSummary[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && out.length < 10) {
    const fp = cert.fingerprint256;
    if (seen.has(fp)) break;
    seen.add(fp);
    const sum = summarizeCertificate(cert.raw);
    if (sum) out.push(sum);
    cert = cert.issuerCertificate && cert.issuerCertificate !== cert ? cert.issuerCertificate : undefined;
  }
  return out;
}

function classifyError(e: Error): Pick<TlsResult, 'outcome' | 'alert' | 'error' | 'errorCode'> {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const alert = /ALERT_(.+)$/.exec(code)?.[1]?.toLowerCase().replace(/_/g, ' ');
  if (alert) return { outcome: 'alert', alert, error: e.message, errorCode: code };
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|RECORD_LAYER_FAILURE/.test(code)) return { outcome: 'not-tls', error: e.message, errorCode: code };
  if (code.startsWith('ERR_SSL_')) return { outcome: 'failed', error: e.message, errorCode: code };
  const outcome = netOutcomeOf(e);
  return { outcome: outcome === 'error' ? 'failed' : outcome, error: e.message, ...(code ? { errorCode: code } : {}) };
}

const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';

export function createTlsPort(o: TlsPortOptions = {}): TlsPort {
  const extra = o.extraCaPem?.length ? o.extraCaPem : undefined;
  // with --ca: one context per minimum version, built on first use (minVersion and ciphers belong to the context)
  const contexts = new Map<string, tls.SecureContext>();
  const contextFor = (extraCa: readonly string[], minVersion: tls.SecureVersion | undefined): tls.SecureContext => {
    let ctx = contexts.get(minVersion ?? '');
    if (!ctx) contexts.set(minVersion ?? '', (ctx = trustContext(extraCa, minVersion ? { minVersion, ciphers: LEGACY_CIPHERS } : {})));
    return ctx;
  };
  return {
    handshake({ conn, servername, minVersion, signal }) {
      return new Promise<TlsResult>((resolve) => {
        const started = performance.now();
        const raw = asNodeConn(conn).socket;
        const s = tls.connect({
          socket: raw,
          ...(net.isIP(servername) ? {} : { servername }),
          rejectUnauthorized: false,
          ...(extra ? { secureContext: contextFor(extra, minVersion) } : minVersion ? { minVersion, ciphers: LEGACY_CIPHERS } : {}),
        });
        let done = false;
        const finish = (r: Omit<TlsResult, 'durationMs'>): void => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', onAbort);
          resolve({ ...r, durationMs: Math.round(performance.now() - started) });
        };
        const onAbort = (): void => {
          s.destroy();
          raw.destroy();
          finish({ outcome: 'timeout', error: 'no TLS handshake before the timeout', chain: [] });
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        s.once('secureConnect', () => {
          const chain = peerChain(s);
          const authErr = s.authorizationError ? String((s.authorizationError as unknown as { code?: string }).code ?? s.authorizationError) : undefined;
          const idErr = tls.checkServerIdentity(servername, s.getPeerCertificate());
          const verifyError = authErr && authErr !== 'ERR_TLS_CERT_ALTNAME_INVALID' ? authErr : undefined;
          const cipher = s.getCipher();
          finish({
            outcome: 'ok',
            ...(s.getProtocol() ? { protocol: s.getProtocol() as string } : {}),
            ...(cipher?.standardName || cipher?.name ? { cipher: cipher.standardName ?? cipher.name } : {}),
            chain,
            ...(verifyError ? { verifyError } : {}),
            ...(idErr ? { hostnameError: (idErr as NodeJS.ErrnoException).code ?? idErr.message } : {}),
            conn: new NodeConn(s),
          });
        });
        s.once('error', (e) => {
          s.destroy();
          finish({ ...classifyError(e), chain: [] });
        });
        s.once('close', () => finish({ outcome: 'closed', error: 'the server closed the connection during the TLS handshake', chain: [] }));
      });
    },
  };
}
