import type { RootCauseId } from '../rules/root-causes.js';

/**
 * Within one step, more specific causes win the verdict over generic ones (a 403 with a version
 * Warning says more than "the server disconnected"). Most specific first; unlisted ids come last.
 */
export const SPECIFICITY: readonly RootCauseId[] = [
  // client
  'invalid-username', 'password-missing', 'auth-scheme-mismatch', 'insecure-password-storage',
  // dns
  'sfb-online-retired', 'dns-srv-foreign-domain', 'dns-no-sip-records', 'dns-host-unresolvable',
  // network
  'proxy-failed', 'tcp-connect-refused', 'tcp-connect-timeout', 'server-disconnected',
  // tls
  'tls-certificate-expired', 'tls-hostname-mismatch', 'tls-untrusted-certificate', 'tls-handshake-failed',
  // autodiscover
  'autodiscover-failed',
  // webticket
  'sip-uri-mismatch', 'mfa-required', 'certificate-provisioning-failed', 'webticket-failed',
  // register
  'client-version-blocked', 'remote-access-denied', 'user-not-sip-enabled', 'server-error', 'register-unhandled-response', 'register-timeout',
  // auth
  'clock-skew', 'kerberos-failed', 'auth-failed',
  // session
  'signed-out-by-server',
];

export function specificityIndex(id: RootCauseId): number {
  const i = SPECIFICITY.indexOf(id);
  return i < 0 ? SPECIFICITY.length : i;
}
