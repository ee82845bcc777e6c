import { X509Certificate } from 'node:crypto';
import type { CertSummary } from '../probes/types.js';

const iso = (s: string): string => {
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
};

/** One certificate, decoded with crypto.X509Certificate; undefined when the DER does not parse. */
export function summarizeCertificate(der: Buffer): CertSummary | undefined {
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const altNames = (x.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter((s) => /^(DNS|IP Address):/.test(s))
    .map((s) => s.replace(/^(DNS|IP Address):/, ''));
  let selfSigned = false;
  try {
    selfSigned = x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    selfSigned = false;
  }
  return {
    subject: x.subject.split('\n').join(', '),
    issuer: x.issuer.split('\n').join(', '),
    altNames,
    notBefore: iso(x.validFrom),
    notAfter: iso(x.validTo),
    selfSigned,
    fingerprint256: x.fingerprint256,
  };
}
