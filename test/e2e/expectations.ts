/**
 * What Debian's pidgin-sipe 1.25 (libpurple 2.14) does against each lab scenario, as observed with the real
 * client, and how long / until what to let it run. Shared by the e2e suite and `npm run fixtures:record`.
 */
import type { SipeClientOptions } from '../../src/lab/sip/sipe-client.js';

export interface Expectation {
  /** the `Connection error on … (reason: N description: …)` line */
  error?: { reason: number; description: RegExp };
  /** `process_register_response: authentication handshake completed successfully` */
  signedIn?: boolean;
  /** no connection error within the run (the client hangs); `log` = lines the hang leaves in the log */
  quiet?: boolean;
  /** further log evidence the scenario predicts (each must match the log) */
  log?: RegExp[];
  /** evidence that must NOT be in the log */
  notLog?: RegExp[];
}

/** libpurple's certificate verifier stops at a dialog no one answers; these lines end its checks */
const CERT_CHECKED = 'ERROR -[0-9]+: SEC_ERROR|subject name not verified|Connection error on|Successfully verified certificate';
const REGISTER_SENT = /MESSAGE START >>>>>>>>>> SIP\([^)]*\)[^\n]*\nREGISTER sip:/;
const DIALOG = { seconds: 8, until: CERT_CHECKED };

/** per-scenario client run length and stop condition (default: 12 s, stop at a connection error or sign-in) */
export const RUN_OPTIONS: Readonly<Record<string, Partial<Pick<SipeClientOptions, 'seconds' | 'until'>>>> = {
  // nothing comes back: watch for a few seconds, SIPE's full retry cycle takes minutes
  'register-timeout': { seconds: 6, until: '' },
  'register-unhandled-response': { seconds: 6, until: '' },
  // signs in first, the error comes seconds later
  'signed-out-by-server': { until: 'Connection error on' },
  'tcp-connect-timeout': { seconds: 8, until: '' },
  'tls-untrusted-certificate': DIALOG,
  'tls-missing-intermediate': DIALOG,
  'tls-hostname-mismatch': DIALOG,
  'tls-certificate-expired': DIALOG,
  'tls-certificate-not-yet-valid': DIALOG,
};

export function runOptionsFor(name: string): Partial<Pick<SipeClientOptions, 'seconds' | 'until'>> {
  return RUN_OPTIONS[name] ?? {};
}

export const EXPECT: Readonly<Record<string, Expectation>> = {
  healthy: { signedIn: true },
  'auth-failed': { error: { reason: 2, description: /^Authentication failed$/ } },
  'client-version-blocked': {
    error: { reason: 7, description: /^You have been rejected by the server: You are currently not using the recommended version of the client$/ },
  },
  'user-not-sip-enabled': {
    error: { reason: 1, description: /^Not found: Destination URI either not enabled for SIP or does not exist\.\. Please contact your Administrator$/ },
  },
  'remote-access-denied': { error: { reason: 7, description: /^You have been rejected by the server: From URI not enabled for remote access\.$/ } },
  'sip-uri-mismatch-register': { error: { reason: 7, description: /^You have been rejected by the server: Credentials provided are not authorized/ } },
  'server-error': { error: { reason: 0, description: /^Service unavailable: One or more critical applications are not running\.$/ } },
  'register-timeout': { quiet: true, log: [REGISTER_SENT], notLog: [/MESSAGE START <<<<<<<<<< SIP/] },
  'register-unhandled-response': { quiet: true, log: [REGISTER_SENT, /\nSIP\/2\.0 480 /] },
  'auth-scheme-mismatch': { error: { reason: 3, description: /^Incompatible authentication scheme chosen$/ } },
  'server-disconnected': { error: { reason: 0, description: /^Server has disconnected$/ } },
  'signed-out-by-server': { error: { reason: 1, description: /^You have been rejected by the server: / } },
  'clock-skew': { error: { reason: 2, description: /^Authentication failed$/ } },
  'tcp-connect-refused': { error: { reason: 0, description: /^(SSL Connection Failed|Could not connect)$/ } },
};
