/**
 * Certificate / TLS error identifiers → one of a few categories the rules reason about. Inputs are
 * NSS error names (libpurple's ssl-nss), GnuTLS texts (ssl-gnutls), libpurple's own certificate
 * verification messages (libpurple 2.14 certificate.c, English), and Node/OpenSSL error codes
 * (the `check` probes). Unknown identifiers are 'other'. Pure.
 */
export type CertErrorCategory = 'untrusted' | 'hostname' | 'expired' | 'not-yet-valid' | 'handshake' | 'other';

const EXACT: Readonly<Record<string, CertErrorCategory>> = {
  // NSS (PR_ErrorToName)
  SEC_ERROR_UNTRUSTED_ISSUER: 'untrusted',
  SEC_ERROR_UNKNOWN_ISSUER: 'untrusted',
  SEC_ERROR_UNTRUSTED_CERT: 'untrusted',
  SEC_ERROR_CA_CERT_INVALID: 'untrusted',
  SEC_ERROR_UNKNOWN_CERT: 'untrusted',
  SEC_ERROR_INVALID_CERT: 'untrusted',
  SEC_ERROR_CERT_NOT_IN_NAME_SPACE: 'untrusted',
  SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID: 'untrusted',
  MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT: 'untrusted',
  MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY: 'untrusted',
  MOZILLA_PKIX_ERROR_MITM_DETECTED: 'untrusted',
  SEC_ERROR_EXPIRED_CERTIFICATE: 'expired',
  SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE: 'expired',
  SEC_ERROR_INVALID_TIME: 'expired',
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE: 'not-yet-valid',
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE: 'not-yet-valid',
  SSL_ERROR_BAD_CERT_DOMAIN: 'hostname',
  SEC_ERROR_BAD_SIGNATURE: 'other',
  SEC_ERROR_REVOKED_CERTIFICATE: 'other',
  // the verifier refuses a certificate not issued for TLS server use like an untrusted one
  SEC_ERROR_INADEQUATE_KEY_USAGE: 'untrusted',
  SEC_ERROR_INADEQUATE_CERT_TYPE: 'untrusted',
  SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED: 'other',
  SSL_ERROR_NO_CYPHER_OVERLAP: 'handshake',
  SSL_ERROR_PROTOCOL_VERSION_ALERT: 'handshake',
  SSL_ERROR_UNSUPPORTED_VERSION: 'handshake',
  SSL_ERROR_HANDSHAKE_FAILURE_ALERT: 'handshake',
  SSL_ERROR_HANDSHAKE_UNEXPECTED_ALERT: 'handshake',
  SSL_ERROR_ILLEGAL_PARAMETER_ALERT: 'handshake',
  SSL_ERROR_INSUFFICIENT_SECURITY_ALERT: 'handshake',
  SSL_ERROR_RX_RECORD_TOO_LONG: 'handshake',
  SSL_ERROR_BAD_MAC_ALERT: 'handshake',
  SSL_ERROR_BAD_MAC_READ: 'handshake',
  SSL_ERROR_NO_CERTIFICATE: 'handshake',
  SSL_ERROR_BAD_CERT_ALERT: 'handshake',
  SSL_ERROR_UNSUPPORTED_CERT_ALERT: 'handshake',
  SSL_ERROR_UNKNOWN_CA_ALERT: 'handshake',
  SSL_ERROR_WEAK_SERVER_EPHEMERAL_DH_KEY: 'handshake',
  SSL_ERROR_INAPPROPRIATE_FALLBACK_ALERT: 'handshake',
  SSL_ERROR_SSL_DISABLED: 'handshake',
  SSL_ERROR_NO_CIPHERS_SUPPORTED: 'handshake',
  SSL_ERROR_UNSAFE_NEGOTIATION: 'handshake',
  PR_END_OF_FILE_ERROR: 'handshake',
  PR_CONNECT_RESET_ERROR: 'handshake',
  // GnuTLS status / error names
  GNUTLS_CERT_SIGNER_NOT_FOUND: 'untrusted',
  GNUTLS_CERT_SIGNER_NOT_CA: 'untrusted',
  GNUTLS_CERT_INVALID: 'untrusted',
  GNUTLS_CERT_INSECURE_ALGORITHM: 'other',
  GNUTLS_CERT_REVOKED: 'other',
  GNUTLS_CERT_EXPIRED: 'expired',
  GNUTLS_CERT_NOT_ACTIVATED: 'not-yet-valid',
  GNUTLS_CERT_UNEXPECTED_OWNER: 'hostname',
  GNUTLS_E_UNSUPPORTED_VERSION_PACKET: 'handshake',
  GNUTLS_E_FATAL_ALERT_RECEIVED: 'handshake',
  GNUTLS_E_NO_CIPHER_SUITES: 'handshake',
  GNUTLS_E_UNEXPECTED_PACKET_LENGTH: 'handshake',
  GNUTLS_E_UNEXPECTED_PACKET: 'handshake',
  GNUTLS_E_INSUFFICIENT_CREDENTIALS: 'handshake',
  GNUTLS_E_NO_PRIORITIES_WERE_SET: 'handshake',
  GNUTLS_E_PREMATURE_TERMINATION: 'handshake',
  // Node / OpenSSL
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_REJECTED: 'untrusted',
  INVALID_CA: 'untrusted',
  PATH_LENGTH_EXCEEDED: 'untrusted',
  CERT_CHAIN_TOO_LONG: 'untrusted',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'other',
  CERT_SIGNATURE_FAILURE: 'other',
  CERT_REVOKED: 'other',
  INVALID_PURPOSE: 'other',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'not-yet-valid',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname',
  ERR_TLS_CERT_ALTNAME_FORMAT: 'hostname',
  HOSTNAME_MISMATCH: 'hostname',
  ERR_SSL_WRONG_VERSION_NUMBER: 'handshake',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'handshake',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'handshake',
  ERR_SSL_VERSION_TOO_LOW: 'handshake',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'handshake',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'handshake',
  ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR: 'handshake',
  ERR_SSL_NO_SHARED_CIPHER: 'handshake',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'handshake',
  ERR_SSL_UNEXPECTED_EOF_WHILE_READING: 'handshake',
  ERR_SSL_TLSV1_UNRECOGNIZED_NAME: 'handshake',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'handshake',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'handshake',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'handshake',
  EPROTO: 'handshake',
};

/** Free-text patterns, most specific first (English libpurple / GnuTLS / OpenSSL wording). */
const TEXT: readonly [RegExp, CertErrorCategory][] = [
  [/not[ -]yet[ -](?:valid|activated)|not valid yet|will be valid at|is not yet valid|certificate is not yet/i, 'not-yet-valid'],
  [/expired|has expired|expired at|certificate has expired/i, 'expired'],
  [/does not match|name mismatch|not issued to this domain|claims to be from|hostname.*(?:mismatch|does not)|altname|unexpected owner|Hostname\/IP does not match|subject name not verified/i, 'hostname'],
  [/self[- ]signed|not trusted|untrusted|unknown (?:issuer|ca\b)|issuer (?:is )?unknown|unable to (?:get|find) (?:local )?issuer|unable to verify|no database of root certificates|signer not found|chain (?:presented )?is invalid|chain is invalid|unable to find issuer certificate|certificate authority|not a CA|partial certificate chain|issuer.*not (?:trusted|found)|inadequate (?:key usage|cert)/i, 'untrusted'],
  [/handshake|protocol version|wrong version number|unsupported protocol|no cipher|cipher suites?|cypher overlap|fatal alert|tls alert|ssl alert|unexpected (?:tls )?packet|ssl connection failed|sslv3 alert|tlsv1 alert|alert (?:received|protocol)|no protocols available|record too long|premature termination/i, 'handshake'],
];

/**
 * Classify one identifier: an exact code (`SEC_ERROR_UNKNOWN_ISSUER`, `CERT_HAS_EXPIRED`, also
 * Node's `ERR_SSL_…` forms of OpenSSL reasons) or a message text. Case-insensitive.
 */
export function classifyCertError(id: string): CertErrorCategory {
  if (typeof id !== 'string') return 'other';
  const trimmed = id.trim();
  if (trimmed === '') return 'other';
  const upper = trimmed.toUpperCase();
  const exact = EXACT[upper];
  if (exact) return exact;
  // an exact code embedded in text, e.g. "Handshake failed SSL_ERROR_NO_CYPHER_OVERLAP (-12286)"
  for (const m of upper.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\bEPROTO\b/g)) {
    const hit = EXACT[m[0]];
    if (hit) return hit;
    if (m[0].startsWith('ERR_SSL_') || m[0].startsWith('SSL_ERROR_')) return 'handshake';
  }
  for (const [re, cat] of TEXT) if (re.test(trimmed)) return cat;
  return 'other';
}

/** The certificate itself was refused (trust, name or validity), not the TLS handshake around it. */
export function isCertificateError(id: string | undefined): boolean {
  if (id === undefined) return false;
  const c = classifyCertError(id);
  return c === 'untrusted' || c === 'hostname' || c === 'expired' || c === 'not-yet-valid';
}

/** Outside the validity period (expired or not yet valid). */
export function isValidityError(id: string): boolean {
  const c = classifyCertError(id);
  return c === 'expired' || c === 'not-yet-valid';
}

export const isHostnameError = (id: string): boolean => classifyCertError(id) === 'hostname';
export const isTrustError = (id: string): boolean => classifyCertError(id) === 'untrusted';

/**
 * Did the chain verify, given the verifier's error? Only a validity or host-name error leaves the
 * chain itself trusted; any other error (unknown issuer, bad signature …) means it did not verify.
 */
export function chainTrusted(verifyError: string | undefined): boolean {
  if (!verifyError) return true;
  const c = classifyCertError(verifyError);
  return c === 'expired' || c === 'not-yet-valid' || c === 'hostname';
}

/** Categories of several identifiers, without duplicates, most serious first. */
export function classifyCertErrors(ids: readonly string[]): CertErrorCategory[] {
  const order: CertErrorCategory[] = ['untrusted', 'hostname', 'expired', 'not-yet-valid', 'handshake', 'other'];
  const found = new Set(ids.map(classifyCertError));
  return order.filter((c) => found.has(c));
}
