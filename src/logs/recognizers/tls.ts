/**
 * TLS family: libpurple's SSL plugins (NSS, GnuTLS) and its certificate verifier.
 *  `nss: SSL version 3.4 using 256-bit AES-GCM with 128-bit AEAD MAC` + `Cipher Suite Name: TLS_…`
 *  `nss: subject=CN=… issuer=CN=…`, `nss: CERT 1. CN=… [Certificate Authority]:`, `nss:   ERROR -8172: SEC_ERROR_UNTRUSTED_ISSUER`
 *  `nss: subject name not verified` (name mismatch), `nss: Handshake failed  (-5938)`, `gnutls: Handshake failed. Error …`, `gnutls: Handshake complete`
 *  `certificate/x509/tls_cached: Starting verify for <host>`, `…: Peer cert matched cached`,
 *  `…: Name mismatch: Certificate given for <host> has a name of <name>`, `…: Certificate for <host> does not match cached. Auto-rejecting!`
 *  `certificate: Successfully verified certificate for <host>` / `certificate: Failed to verify certificate for <host>`
 */
import type { TlsCertificate, TlsHandshake } from '../../evidence/kinds.js';
import { classifyCertError } from '../../protocol/cert-errors.js';
import { recordText } from '../tokenize.js';
import type { LogRecord } from '../types.js';
import { emit, extend, type LogState } from './context.js';

const NSS_VERSION = /^SSL version (\d+)\.(\d+) using (.*)$/;
const CIPHER_NAME = /^Cipher Suite Name: (\S+)/m;
const SUBJECT = /^subject=(.*) issuer=(.*)$/;
const NSS_ERROR = /^\s*ERROR (-?\d+): (\S+)/;
/** NSS plugin: the certificate does not name the host SIPE connected to (libpurple then asks the user) */
const NSS_NAME_NOT_VERIFIED = /^subject name not verified/;
const NSS_HANDSHAKE_FAILED = /^Handshake failed\s*\((-?\d+)\)|^Handshake failed\s+\((-?\d+)\)/;
const GNUTLS_FAILED = /^Handshake failed\.?(?: Error:? ?(.*))?$/;
const GNUTLS_OK = /^Handshake complete/;
const START_VERIFY = /^Starting verify for (\S+)/;
const MATCHED_CACHED = /^Peer cert matched cached/;
const NAME_MISMATCH = /^Name mismatch: Certificate given for (\S+) has a name of (.*)$/;
const CHANGED = /^Certificate for (\S+) does not match cached/;
const VERIFIED = /^Successfully verified certificate for (\S+)/;
const FAILED_VERIFY = /^Failed to verify certificate for (\S+)/;
const EXPIRED = /expired|not yet valid|not valid yet/i;

/** NSS/NSPR error numbers SIPE users meet during the handshake. */
const NSS_CODES: Readonly<Record<string, string>> = {
  '-5938': 'PR_END_OF_FILE_ERROR',
  '-5961': 'PR_CONNECT_RESET_ERROR',
  '-12263': 'SSL_ERROR_RX_RECORD_TOO_LONG',
  '-12286': 'SSL_ERROR_NO_CYPHER_OVERLAP',
  '-12227': 'SSL_ERROR_HANDSHAKE_FAILURE_ALERT',
  '-12190': 'SSL_ERROR_PROTOCOL_VERSION_ALERT',
  '-12276': 'SSL_ERROR_BAD_CERT_DOMAIN',
  '-8172': 'SEC_ERROR_UNTRUSTED_ISSUER',
  '-8179': 'SEC_ERROR_UNKNOWN_ISSUER',
  '-8181': 'SEC_ERROR_EXPIRED_CERTIFICATE',
  '-8162': 'SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE',
};

function tlsVersion(major: number, minor: number): string {
  if (major === 3 && minor >= 1) return `TLS 1.${minor - 1}`;
  return major === 3 ? 'SSL 3.0' : `SSL ${major}.${minor}`;
}

function peerOf(st: LogState): { host: string; port: number; purpose?: 'sip' | 'http' } | undefined {
  const p = st.tlsPeer;
  return p ? { host: p.host, port: p.port, purpose: p.purpose } : undefined;
}

function certificate(st: LogState, r: LogRecord, host?: string): TlsCertificate['data'] {
  let d = st.certificate;
  if (!d) {
    const p = peerOf(st);
    d = emit(st, r, { kind: 'tls.certificate', data: { host: host ?? p?.host ?? '', ...(p ? { port: p.port } : {}) } });
    st.certificate = d;
  } else {
    extend(d, r.lines);
  }
  const data = (d as NonNullable<typeof d>).data as TlsCertificate['data'];
  if (host && !data.host) data.host = host;
  return data;
}

function addError(data: TlsCertificate['data'], name: string): void {
  data.errors = [...(data.errors ?? []).filter((e) => e !== name), name];
}

/**
 * At the end of an attempt (or of the log): a TLS connection whose TCP part succeeded but whose
 * handshake never reported a result hung (a port that accepts and stays silent).
 */
export function finishTls(st: LogState): void {
  const p = st.tlsPeer;
  if (!p || st.tlsResultSeen || !st.tlsPeerLines || st.errorDraft) return;
  st.tlsResultSeen = true;
  emit(st, { lines: st.tlsPeerLines, ...(st.tlsPeerTime ? { time: st.tlsPeerTime } : {}) }, {
    kind: 'tls.handshake',
    data: { host: p.host, port: p.port, purpose: p.purpose, outcome: 'timeout', error: 'no TLS handshake result before the log ends' },
  });
}

export function recognizeTls(r: LogRecord, st: LogState): void {
  const cat = r.category;
  const t = r.text;
  if (cat === 'nss' || cat === 'gnutls') {
    // only lines while a SIPE TLS connection is in progress
    if (!st.tlsPeer) return;
    const p = st.tlsPeer;
    let m = NSS_VERSION.exec(t);
    if (m) {
      const cipher = CIPHER_NAME.exec(recordText(r));
      st.tlsResultSeen = true;
      st.handshake = emit(st, r, {
        kind: 'tls.handshake',
        data: {
          host: p.host, port: p.port, outcome: 'ok', purpose: p.purpose,
          protocol: tlsVersion(Number(m[1]), Number(m[2])),
          ...(cipher ? { cipher: cipher[1] as string } : {}),
        },
      });
      return;
    }
    if (GNUTLS_OK.test(t)) {
      st.tlsResultSeen = true;
      st.handshake = emit(st, r, { kind: 'tls.handshake', data: { host: p.host, port: p.port, outcome: 'ok', purpose: p.purpose } });
      return;
    }
    if ((m = SUBJECT.exec(t))) {
      st.certificate = undefined;
      const data = certificate(st, r);
      data.subject = (m[1] as string).trim();
      data.issuer = (m[2] as string).trim();
      data.selfSigned = data.subject === data.issuer;
      return;
    }
    if (NSS_NAME_NOT_VERIFIED.test(t)) {
      const data = certificate(st, r);
      data.hostnameMatch = false;
      addError(data, 'subject name not verified');
      return;
    }
    if ((m = NSS_ERROR.exec(t))) {
      const data = certificate(st, r);
      addError(data, m[2] as string);
      const category = classifyCertError(m[2] as string);
      if (category === 'untrusted') data.trusted = false;
      if (category === 'expired' || category === 'not-yet-valid') data.timeValid = false;
      if (category === 'hostname') data.hostnameMatch = false;
      return;
    }
    if ((m = NSS_HANDSHAKE_FAILED.exec(t))) {
      const code = (m[1] ?? m[2]) as string;
      const name = NSS_CODES[code];
      st.tlsResultSeen = true;
      emit(st, r, {
        kind: 'tls.handshake',
        data: {
          host: p.host, port: p.port, purpose: p.purpose,
          outcome: name === 'PR_END_OF_FILE_ERROR' || name === 'PR_CONNECT_RESET_ERROR' ? 'failed' : 'failed',
          error: name ? `${name} (${code})` : `NSS error ${code}`,
        },
      });
      return;
    }
    if (cat === 'gnutls' && (m = GNUTLS_FAILED.exec(t))) {
      st.tlsResultSeen = true;
      emit(st, r, {
        kind: 'tls.handshake',
        data: { host: p.host, port: p.port, purpose: p.purpose, outcome: 'failed', error: (m[1] ?? t).trim() },
      });
    }
    return;
  }
  if (cat === 'certificate/x509/tls_cached') {
    let m = START_VERIFY.exec(t);
    if (m) {
      if (!st.tlsPeer) return;
      certificate(st, r, m[1] as string).host = m[1] as string;
      return;
    }
    if (!st.certificate) return;
    if (MATCHED_CACHED.test(t)) {
      certificate(st, r).trusted = true;
      return;
    }
    if ((m = NAME_MISMATCH.exec(t))) {
      const data = certificate(st, r);
      data.hostnameMatch = false;
      addError(data, `name mismatch: certificate for ${m[2] as string}`);
      return;
    }
    if ((m = CHANGED.exec(t))) {
      const data = certificate(st, r);
      data.trusted = false;
      addError(data, 'certificate does not match the cached one');
      return;
    }
    if (EXPIRED.test(t)) {
      const data = certificate(st, r);
      data.timeValid = false;
      addError(data, t.trim());
    }
    return;
  }
  if (cat === 'certificate') {
    if (!st.certificate) return;
    let m = VERIFIED.exec(t);
    if (m) {
      const data = certificate(st, r);
      data.trusted = true;
      if (data.hostnameMatch === undefined) data.hostnameMatch = true;
      if (data.timeValid === undefined) data.timeValid = true;
      return;
    }
    if ((m = FAILED_VERIFY.exec(t))) {
      const data = certificate(st, r);
      if (data.trusted === undefined && data.hostnameMatch !== false && data.timeValid !== false) data.trusted = false;
      addError(data, 'verification failed');
    }
  }
}

export type { TlsHandshake };
