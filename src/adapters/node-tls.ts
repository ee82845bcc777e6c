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

export function createTlsPort(o: TlsPortOptions = {}): TlsPort {
  const ca = trustStore(o.extraCaPem);
  return {
    handshake({ conn, servername, minVersion, signal }) {
      return new Promise<TlsResult>((resolve) => {
        const started = performance.now();
        const raw = asNodeConn(conn).socket;
        const s = tls.connect({
          socket: raw,
          ...(net.isIP(servername) ? {} : { servername }),
          rejectUnauthorized: false,
          ...(ca ? { ca } : {}),
          ...(minVersion ? { minVersion, ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
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
