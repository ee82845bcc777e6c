/**
 * TLS family: libpurple's SSL plugins (NSS, GnuTLS) and its certificate verifier, while a SIPE TLS
 * connection is being set up (the transport family says when: `tlsStarted`).
 *  `nss: SSL version 3.4 using 256-bit AES-GCM with 128-bit AEAD MAC` + `Cipher Suite Name: TLS_…`
 *  `nss: subject=CN=… issuer=CN=…`, `nss: CERT 1. CN=… [Certificate Authority]:`, `nss:   ERROR -8172: SEC_ERROR_UNTRUSTED_ISSUER`
 *  `nss: subject name not verified` (name mismatch), `nss: Handshake failed  (-5938)`, `gnutls: Handshake failed. Error …`, `gnutls: Handshake complete`
 *  `certificate/x509/tls_cached: Starting verify for <host>`, `…: Peer cert matched cached`,
 *  `…: Name mismatch: Certificate given for <host> has a name of <name>`, `…: Certificate for <host> does not match cached. Auto-rejecting!`
 *  `certificate: Successfully verified certificate for <host>` / `certificate: Failed to verify certificate for <host>`
 */
import type { TlsCertificate, TlsHandshake } from '../../evidence/kinds.js';
import { classifyCertError } from '../../protocol/cert-errors.js';
import type { Gathering, Where } from '../observations.js';
import { recordText } from '../tokenize.js';
import type { LogRecord } from '../types.js';
import type { Endpoint, FamilyContext } from './hand-off.js';
import type { LineRule, LineRules } from './lines.js';

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

type CertData = TlsCertificate['data'];

function addError(data: CertData, name: string): void {
  data.errors = [...(data.errors ?? []).filter((e) => e !== name), name];
}

export class TlsFamily {
  /** The SSL plugin lines (NSS and GnuTLS write the same texts, GnuTLS adds its own). */
  private static readonly pluginRules: readonly LineRule<TlsFamily>[] = [
    { anchors: ['SSL version '], re: NSS_VERSION, on: (f, m, r) => f.onNssVersion(m, r) },
    { anchors: ['Handshake complete'], re: GNUTLS_OK, on: (f, _m, r) => f.handshakeOk(r, {}) },
    { anchors: ['subject='], re: SUBJECT, on: (f, m, r) => f.onSubject(m, r) },
    { anchors: ['subject name not verified'], re: NSS_NAME_NOT_VERIFIED, on: (f, _m, r) => f.onNameNotVerified(r) },
    { contains: 'ERROR ', re: NSS_ERROR, on: (f, m, r) => f.onNssError(m[2] as string, r) },
    { anchors: ['Handshake failed'], re: NSS_HANDSHAKE_FAILED, on: (f, m, r) => f.onNssHandshakeFailed((m[1] ?? m[2]) as string, r) },
  ];

  static readonly rules: LineRules<TlsFamily> = {
    nss: TlsFamily.pluginRules,
    gnutls: [
      ...TlsFamily.pluginRules,
      { anchors: ['Handshake failed'], re: GNUTLS_FAILED, on: (f, m, r) => f.handshakeFailed(r, (m[1] ?? r.text).trim()) },
    ],
    'certificate/x509/tls_cached': [
      { anchors: ['Starting verify for '], re: START_VERIFY, on: (f, m, r) => f.onStartVerify(m[1] as string, r) },
      { anchors: ['Peer cert matched cached'], re: MATCHED_CACHED, on: (f, _m, r) => f.verified(r, (d) => { d.trusted = true; }) },
      {
        anchors: ['Name mismatch: Certificate given for '], re: NAME_MISMATCH,
        on: (f, m, r) => f.verified(r, (d) => { d.hostnameMatch = false; addError(d, `name mismatch: certificate for ${m[2] as string}`); }),
      },
      {
        anchors: ['Certificate for '], re: CHANGED,
        on: (f, _m, r) => f.verified(r, (d) => { d.trusted = false; addError(d, 'certificate does not match the cached one'); }),
      },
      { test: (t) => EXPIRED.test(t), re: EXPIRED, on: (f, _m, r) => f.verified(r, (d) => { d.timeValid = false; addError(d, r.text.trim()); }) },
    ],
    certificate: [
      {
        anchors: ['Successfully verified certificate for '], re: VERIFIED,
        on: (f, _m, r) => f.verified(r, (d) => {
          d.trusted = true;
          if (d.hostnameMatch === undefined) d.hostnameMatch = true;
          if (d.timeValid === undefined) d.timeValid = true;
        }),
      },
      {
        anchors: ['Failed to verify certificate for '], re: FAILED_VERIFY,
        on: (f, _m, r) => f.verified(r, (d) => {
          if (d.trusted === undefined && d.hostnameMatch !== false && d.timeValid !== false) d.trusted = false;
          addError(d, 'verification failed');
        }),
      },
    ],
  };

  /** the endpoint whose TLS handshake/verification is in progress */
  private peer: Endpoint | undefined;
  /** a handshake result (ok / failed) was logged for the peer */
  private resultSeen = false;
  private peerWhere: Where | undefined;
  /** the certificate being verified: several lines add to it until the next one (or the attempt's end) */
  private certificate: Gathering<'tls.certificate'> | undefined;
  /** the client reported its error in this attempt */
  private errorReported = false;

  constructor(private readonly ctx: FamilyContext) {}

  /** The SSL plugins' lines matter only while a SIPE TLS connection is being set up. */
  reads(category: string): boolean {
    // in a fragment (a pasted tail) the connection they belong to is before the paste: read them anyway
    return (category !== 'nss' && category !== 'gnutls') || this.peer !== undefined || this.ctx.fragment();
  }

  tlsStarted(peer: Endpoint, where: Where): void {
    this.peer = peer;
    this.resultSeen = false;
    this.peerWhere = { lines: where.lines, ...(where.time !== undefined ? { time: where.time } : {}) };
  }

  clientErrorReported(): void {
    this.errorReported = true;
  }

  /**
   * At the end of an attempt (or of the log): a TLS connection whose TCP part succeeded but whose
   * handshake never reported a result hung (a port that accepts and stays silent).
   */
  endAttempt(): void {
    const p = this.peer;
    if (!p || this.resultSeen || !this.peerWhere || this.errorReported) return;
    this.resultSeen = true;
    this.ctx.out.add(this.peerWhere, 'tls.handshake', {
      host: p.host, port: p.port, purpose: p.purpose, outcome: 'timeout', error: 'no TLS handshake result before the log ends',
    });
  }

  startAttempt(): void {
    this.peer = undefined;
    this.resultSeen = false;
    this.peerWhere = undefined;
    this.closeCertificate();
    this.errorReported = false;
  }

  finish(): void {
    this.closeCertificate();
  }

  private onNssVersion(m: RegExpExecArray, r: LogRecord): void {
    const cipher = CIPHER_NAME.exec(recordText(r));
    this.handshakeOk(r, { protocol: tlsVersion(Number(m[1]), Number(m[2])), ...(cipher ? { cipher: cipher[1] as string } : {}) });
  }

  /** The connection's endpoint; in a fragment without the connect line, the host the verifier named (port unknown: 0). */
  private endpoint(): Endpoint | undefined {
    if (this.peer) return this.peer;
    if (!this.ctx.fragment()) return undefined;
    return { host: this.certificate?.data.host ?? '', port: 0, purpose: 'sip' };
  }

  private handshakeOk(r: LogRecord, details: Pick<TlsHandshake['data'], 'protocol' | 'cipher'>): void {
    const p = this.endpoint();
    if (!p) return;
    this.resultSeen = true;
    this.ctx.out.add(r, 'tls.handshake', { host: p.host, port: p.port, outcome: 'ok', purpose: p.purpose, ...details });
  }

  private handshakeFailed(r: LogRecord, error: string): void {
    const p = this.endpoint();
    if (!p) return;
    this.resultSeen = true;
    this.ctx.out.add(r, 'tls.handshake', { host: p.host, port: p.port, purpose: p.purpose, outcome: 'failed', error });
  }

  private onNssHandshakeFailed(code: string, r: LogRecord): void {
    const name = NSS_CODES[code];
    this.handshakeFailed(r, name ? `${name} (${code})` : `NSS error ${code}`);
  }

  private onSubject(m: RegExpExecArray, r: LogRecord): void {
    this.closeCertificate();
    const data = this.cert(r);
    data.subject = (m[1] as string).trim();
    data.issuer = (m[2] as string).trim();
    data.selfSigned = data.subject === data.issuer;
  }

  private onNameNotVerified(r: LogRecord): void {
    const data = this.cert(r);
    data.hostnameMatch = false;
    addError(data, 'subject name not verified');
  }

  private onNssError(name: string, r: LogRecord): void {
    const data = this.cert(r);
    addError(data, name);
    const category = classifyCertError(name);
    if (category === 'untrusted') data.trusted = false;
    if (category === 'expired' || category === 'not-yet-valid') data.timeValid = false;
    if (category === 'hostname') data.hostnameMatch = false;
  }

  private onStartVerify(host: string, r: LogRecord): void {
    if (!this.peer && !this.ctx.fragment()) return;
    if (!this.peer) this.closeCertificate();
    this.cert(r, host).host = host;
  }

  /** A verifier line about the certificate being checked (none: the line is about another account's). */
  private verified(r: LogRecord, change: (d: CertData) => void): void {
    if (!this.certificate) return;
    change(this.cert(r));
  }

  /** The certificate being checked, its place taken at its first line. */
  private cert(r: LogRecord, host?: string): CertData {
    if (this.certificate) {
      const data = this.ctx.out.more(this.certificate, r.lines);
      if (host && !data.host) data.host = host;
      return data;
    }
    const p = this.peer;
    this.certificate = this.ctx.out.gather(r, 'tls.certificate', { host: host ?? p?.host ?? '', ...(p ? { port: p.port } : {}) });
    return this.certificate.data;
  }

  private closeCertificate(): void {
    if (this.certificate) this.ctx.out.made(this.certificate);
    this.certificate = undefined;
  }
}
