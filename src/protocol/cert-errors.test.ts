import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainTrusted, classifyCertError, classifyCertErrors, isCertificateError, isValidityError } from './cert-errors.js';

describe('classifyCertError', () => {
  it.each([
    ['SEC_ERROR_UNTRUSTED_ISSUER', 'untrusted'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'untrusted'],
    ['SEC_ERROR_CA_CERT_INVALID', 'untrusted'],
    ['SEC_ERROR_EXPIRED_CERTIFICATE', 'expired'],
    ['SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE', 'expired'],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'hostname'],
    ['SSL_ERROR_NO_CYPHER_OVERLAP', 'handshake'],
    ['SSL_ERROR_PROTOCOL_VERSION_ALERT', 'handshake'],
    ['SSL_ERROR_SOMETHING_NEW', 'handshake'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'untrusted'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'untrusted'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'untrusted'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'untrusted'],
    ['CERT_HAS_EXPIRED', 'expired'],
    ['cert_not_yet_valid', 'not-yet-valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'handshake'],
    ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'handshake'],
    ['EPROTO', 'handshake'],
    ['GNUTLS_CERT_SIGNER_NOT_FOUND', 'untrusted'],
    ['GNUTLS_CERT_NOT_ACTIVATED', 'not-yet-valid'],
    // libpurple 2.14 certificate.c (strings of /usr/lib/x86_64-linux-gnu/libpurple.so.0)
    ['Certificate for pool01.corp.example is self-signed.', 'untrusted'],
    ['The certificate is not trusted because no certificate that can verify it is currently trusted.', 'untrusted'],
    ['The certificate chain presented is invalid.', 'untrusted'],
    ['You have no database of root certificates, so this certificate cannot be validated.', 'untrusted'],
    ['Name mismatch: Certificate given for sip.corp.example has a name of www.corp.example', 'hostname'],
    ['The certificate presented is not issued to this domain.', 'hostname'],
    ['The certificate claims to be from "www.corp.example" instead. This could mean that you are not connecting to the service you believe you are.', 'hostname'],
    ["The certificate has expired and should not be considered valid.  Check that your computer's date and time are accurate.", 'expired'],
    ['Certificate sip.corp.example expired at Tue Jan  1 00:00:00 2019', 'expired'],
    ['...Issuer CN=Corp CA expired at Tue Jan  1 00:00:00 2019', 'expired'],
    ["The certificate is not valid yet.  Check that your computer's date and time are accurate.", 'not-yet-valid'],
    ['Certificate sip.corp.example is not yet valid, will be at 2030', 'not-yet-valid'],
    ['The certificate has been revoked.', 'other'],
    // GnuTLS texts
    ['The certificate is NOT trusted. The certificate issuer is unknown.', 'untrusted'],
    ['A TLS fatal alert has been received.', 'handshake'],
    ['Handshake failed SSL_ERROR_NO_CYPHER_OVERLAP (-12286)', 'handshake'],
    ['SSL Connection Failed', 'handshake'],
    ['', 'other'],
    ['ECONNREFUSED', 'other'],
  ] as const)('%s → %s', (id, cat) => {
    expect(classifyCertError(id)).toBe(cat);
  });

  it('orders several categories and never throws', () => {
    expect(classifyCertErrors(['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED'])).toEqual(['hostname', 'expired']);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => { classifyCertError(s); }), { numRuns: 300 });
  });
});

describe('the rules and probes read certificate errors through the classifier', () => {
  it('NSS host-name and key-usage errors have their category', () => {
    expect(classifyCertError('subject name not verified')).toBe('hostname');
    expect(classifyCertError('SEC_ERROR_INADEQUATE_KEY_USAGE')).toBe('untrusted');
    expect(isCertificateError('SSL Handshake Failed')).toBe(false);
    expect(isCertificateError('SEC_ERROR_UNKNOWN_ISSUER (-8179)')).toBe(true);
    expect(isValidityError('SEC_ERROR_INVALID_TIME')).toBe(true);
  });

  it('a verifier error leaves the chain trusted only when it is about time or name', () => {
    expect(chainTrusted(undefined)).toBe(true);
    expect(chainTrusted('CERT_HAS_EXPIRED')).toBe(true);
    expect(chainTrusted('ERR_TLS_CERT_ALTNAME_INVALID')).toBe(true);
    expect(chainTrusted('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe(false);
    expect(chainTrusted('CERT_SIGNATURE_FAILURE')).toBe(false);
  });
});
