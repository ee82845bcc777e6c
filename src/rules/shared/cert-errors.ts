/** Verifier error names (NSS, OpenSSL/Node, GnuTLS, libpurple wording) grouped by what they mean. */
export const EXPIRY_ERRORS = /EXPIRED|NOT_YET_VALID|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|certificate has expired|not yet valid/i;
export const HOSTNAME_ERRORS = /BAD_CERT_DOMAIN|ALTNAME|HOSTNAME|subject name not verified|does not match|name mismatch/i;
export const TRUST_ERRORS = /UNTRUSTED|UNKNOWN_ISSUER|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|CA_CERT_INVALID|INADEQUATE|partial certificate chain|issuer.*not (trusted|found)|not trusted|invalid certificate authority/i;

export const isCertError = (s: string | undefined): boolean => !!s && (EXPIRY_ERRORS.test(s) || HOSTNAME_ERRORS.test(s) || TRUST_ERRORS.test(s));
