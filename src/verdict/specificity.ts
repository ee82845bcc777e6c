import type { RootCauseId } from '../rules/root-causes.js';

/**
 * How the verdict ranks causes of the same step: `specificity` 0 is the most specific (a 403 with a
 * version Warning says more than "the server disconnected"); a `dominant` cause decides whatever its
 * step, because no setting of an earlier step can help (a retired service). A typed Record: a new
 * root cause without a rank does not compile.
 */
export const CAUSE_RANK: Readonly<Record<RootCauseId, { specificity: number; dominant?: true }>> = {
  // client
  'invalid-username': { specificity: 0 },
  'password-missing': { specificity: 1 },
  'auth-scheme-mismatch': { specificity: 2 },
  'insecure-password-storage': { specificity: 3 },
  'client-xml-parser-broken': { specificity: 4 },
  'check-budget-exhausted': { specificity: 5 },
  // dns
  'sfb-online-retired': { specificity: 10, dominant: true },
  'dns-srv-foreign-domain': { specificity: 11 },
  'dns-no-sip-records': { specificity: 12 },
  'dns-host-unresolvable': { specificity: 13 },
  'dns-domain-unknown': { specificity: 14 },
  'dns-resolver-timeout': { specificity: 15 },
  'dns-resolver-unreachable': { specificity: 16 },
  // network
  'proxy-failed': { specificity: 20 },
  'tcp-connect-refused': { specificity: 21 },
  'tcp-connect-timeout': { specificity: 22 },
  'server-disconnected': { specificity: 23 },
  // tls
  'tls-certificate-expired': { specificity: 30 },
  'tls-hostname-mismatch': { specificity: 31 },
  'tls-untrusted-certificate': { specificity: 32 },
  'tls-handshake-failed': { specificity: 33 },
  // autodiscover
  'autodiscover-failed': { specificity: 40 },
  // webticket
  'sip-uri-mismatch': { specificity: 50 },
  'mfa-required': { specificity: 51 },
  'certificate-provisioning-failed': { specificity: 52 },
  'webticket-failed': { specificity: 53 },
  // register
  'client-version-blocked': { specificity: 60 },
  'remote-access-denied': { specificity: 61 },
  'user-not-sip-enabled': { specificity: 62 },
  'server-error': { specificity: 63 },
  'register-unhandled-response': { specificity: 64 },
  'register-timeout': { specificity: 65 },
  // auth
  'clock-skew': { specificity: 70 },
  'kerberos-failed': { specificity: 71 },
  'auth-failed': { specificity: 72 },
  'credentials-unprotected': { specificity: 73 },
  // session
  'signed-out-by-server': { specificity: 80 },
  'after-sign-in-failure': { specificity: 81 },
};

/** Most specific first, within a step. */
export function specificityIndex(id: RootCauseId): number {
  return CAUSE_RANK[id].specificity;
}

/** A cause that decides the verdict whatever step it belongs to. */
export function isDominant(id: RootCauseId): boolean {
  return CAUSE_RANK[id].dominant === true;
}

/** The causes in ranking order (most specific first). */
export const SPECIFICITY: readonly RootCauseId[] = (Object.keys(CAUSE_RANK) as RootCauseId[]).sort((a, b) => specificityIndex(a) - specificityIndex(b));
