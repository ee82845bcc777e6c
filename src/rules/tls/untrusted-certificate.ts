import type { Observation, TlsCertificate } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { isExactly, quoteError } from '../common/client-error.js';
import { isHostnameError, isTrustError, isValidityError } from '../../protocol/cert-errors.js';
import { progressOf } from '../../evidence/derive/progress.js';

const INVALID_CERT_TEXTS = ['SSL peer presented an invalid certificate', 'SSL certificate invalid'];

function untrusted(c: TlsCertificate): string | undefined {
  const errs = c.data.errors ?? [];
  const trustErr = errs.find(isTrustError);
  if (trustErr) return trustErr;
  if (c.data.trusted === false) {
    // expired or wrong-name certificates are "untrusted" too; the more specific rules explain those
    if (errs.length && errs.every((e) => isValidityError(e) || isHostnameError(e))) return undefined;
    if (!errs.length && (c.data.timeValid === false || c.data.hostnameMatch === false)) return undefined;
    return c.data.selfSigned ? 'self-signed certificate' : 'chain does not lead to a trusted root';
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'tls/untrusted-certificate',
    category: 'tls',
    rootCause: 'tls-untrusted-certificate',
    severity: 'error',
    title: 'The server certificate is trusted',
    failureTitle: 'The server certificate is not trusted',
    description: 'Pidgin checks the server certificate against the system\'s trusted roots. A private company CA that is not installed, or a server that does not send its intermediate certificates, makes the TLS connection fail.',
    messages: {
      untrusted: 'The certificate of {host} ({subject}, issued by {issuer}) is not trusted: {why}.',
      clientText: 'SIPE reported "{clientError}": the server certificate was rejected (not trusted, expired, or not for this host name — the log does not show which).',
    },
    remediation: {
      summary: 'Install the company root CA on this computer, or have the administrator send the full certificate chain.',
      steps: [
        'Ask the administrator for the company root CA certificate and add it to the system trust store (e.g. /usr/local/share/ca-certificates + update-ca-certificates) or in Pidgin via Tools → Certificates → Add.',
        'If the issuer is a public CA, the server is missing its intermediate certificate: the administrator must install the full chain.',
      ],
      audience: 'admin',
    },
    requires: ['tls.certificate', 'tls.handshake', 'sip.register', 'transport.event', 'client.error'],
  },
  check(ev) {
    const certs = ev.all('tls.certificate');
    const bad = certs.map((c) => [c, untrusted(c)] as const).filter((x): x is readonly [TlsCertificate, string] => x[1] !== undefined);
    if (bad.length) {
      return {
        status: 'fail',
        problems: bad.map(([c, why]) => {
          const survived = progressOf(ev).progressedAfter(c) || ev.all('tls.handshake').some((h) => h.data.insecure && h.data.host === c.data.host);
          const hs: Observation[] = ev.all('tls.handshake').filter((h) => h.data.host === c.data.host && h.data.outcome !== 'ok');
          return {
            messageId: 'untrusted', data: { host: c.data.host, subject: c.data.subject ?? 'unknown subject', issuer: c.data.issuer ?? 'unknown issuer', why },
            evidence: [c, ...hs], severity: survived ? 'warning' as const : 'error' as const, confidence: 'confirmed' as const,
          };
        }),
      };
    }
    const errors = ev.all('client.error').filter((e) => isExactly(e, INVALID_CERT_TEXTS));
    const explained = certs.some((c) => c.data.timeValid === false || c.data.hostnameMatch === false || (c.data.errors ?? []).length > 0);
    if (errors.length && !explained) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    }
    if (certs.some((c) => c.data.trusted === true)) return { status: 'pass' };
    if (certs.length && explained) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'certificate trust was not observed' };
  },
});
