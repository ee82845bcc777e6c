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

const WEBTICKET_FAILED = /^Web ticket request to https:\/\/lyncweb\.corp\.example\/CertProv\/CertProvisioningService\.svc failed/;
const SRV = (host: string): RegExp => new RegExp(`sipe_core_dns_resolved - SRV hostname: ${host.replace(/\./g, '\\.')} port: \\d+`);
const AUTODISCOVER_FALLBACK = [/sipe: no Lync Autodiscover servers found; trying SRV records next/, /dnsquery: Error resolving corp\.example/];
const CERT_DIALOG_OPEN = [/certificate\/x509\/tls_cached: Starting verify for 127\.0\.0\.1/];
const NOT_VERIFIED = [/certificate: Successfully verified certificate for 127\.0\.0\.1/, /Failed to verify certificate/];

export const EXPECT: Readonly<Record<string, Expectation>> = {
  healthy: { signedIn: true },
  // the autodiscover User document (fetched with a web ticket) names the pool
  'healthy-autodiscover': {
    signedIn: true,
    log: [/sipe_lync_autodiscover_parse: user https:\/\/lyncweb\.corp\.example\//, /lync_autodiscover_cb: got server list/, /transport_connect - hostname: pool\.corp\.example port: \d+/],
  },
  'dns-no-sip-records': {
    error: { reason: 0, description: /^SSL Connection Failed$/ },
    log: [/sipe: no SRV or A records found; using SIP domain as fallback/, /dnsquery: Error resolving corp\.example/],
    notLog: [/dnssrv: found \d+ SRV entries/],
  },
  'dns-host-unresolvable': {
    error: { reason: 0, description: /^SSL Connection Failed$/ },
    log: [SRV('pool-old.corp.example'), /dnsquery: Error resolving pool-old\.corp\.example/],
  },
  // the foreign pool authenticates alice, then does not home her (404, ms-diagnostics 4006)
  'dns-srv-foreign-domain': {
    error: { reason: 1, description: /^Not found: User not found in pool\.\. Please contact your Administrator$/ },
    log: [SRV('pool.other.example')],
  },
  'sfb-online-retired': { error: { reason: 3, description: /^Incompatible authentication scheme chosen$/ }, log: [SRV('sipdir.online.lync.com')] },
  'tcp-connect-refused': { error: { reason: 0, description: /^(SSL Connection Failed|Could not connect)$/ } },
  // the SYN is dropped: SIPE waits (the kernel gives up after ~2 min), the log stops at "Connection in progress"
  'tcp-connect-timeout': {
    quiet: true,
    log: [/sipe: transport_connect - hostname: 127\.0\.0\.1 port: \d+/, /proxy: Connection in progress/],
    notLog: [/proxy: Connected to 127\.0\.0\.1/],
  },
  // only lyncdiscover is published and its answer is unusable: no server list, no SRV / A record, the bare
  // domain does not resolve
  'autodiscover-failed': {
    error: { reason: 0, description: /^SSL Connection Failed$/ },
    log: [/HTTP\/1\.1 200 OK\r?\nContent-Type: text\/html/, ...AUTODISCOVER_FALLBACK],
  },
  'autodiscover-broken-redirect': {
    error: { reason: 0, description: /^SSL Connection Failed$/ },
    log: [/sipe_lync_autodiscover_parse: redirect to https:\/\/lyncdiscover\.retired-pool\.corp\.example\//, /dnsquery: Error resolving lyncdiscover\.retired-pool\.corp\.example/, ...AUTODISCOVER_FALLBACK],
  },
  'autodiscover-no-webticket-url': {
    error: { reason: 0, description: /^SSL Connection Failed$/ },
    log: [/GET \/Autodiscover\/AutodiscoverService\.svc\/root\/user[^\n]*\n[\s\S]*?HTTP\/1\.1 401 Unauthorized/, ...AUTODISCOVER_FALLBACK],
    notLog: [/X-MS-WebTicketURL/i],
  },
  'server-disconnected': { error: { reason: 0, description: /^Server has disconnected$/ } },
  // a self-signed leaf is not a CA: libpurple rejects it without asking
  'tls-untrusted-certificate': {
    error: { reason: 0, description: /^SSL peer presented an invalid certificate$/ },
    log: [/nss: subject=(O=sipe-doctor lab,CN=pool\.corp\.example) issuer=\1\n/, /nss: {3}ERROR -8172: SEC_ERROR_UNTRUSTED_ISSUER/, /certificate: Failed to verify certificate for 127\.0\.0\.1/],
  },
  // the others open libpurple's "Accept certificate for 127.0.0.1?" dialog, which no one answers
  'tls-missing-intermediate': { quiet: true, log: [...CERT_DIALOG_OPEN, /nss: {3}ERROR -8179: SEC_ERROR_UNKNOWN_ISSUER/], notLog: NOT_VERIFIED },
  'tls-hostname-mismatch': {
    quiet: true,
    log: [...CERT_DIALOG_OPEN, /nss: subject=O=sipe-doctor lab,CN=www\.unrelated-site\.example /, /nss: subject name not verified/],
    notLog: NOT_VERIFIED,
  },
  'tls-certificate-expired': {
    quiet: true,
    log: [/certificate\/x509\/tls_cached: Certificate 127\.0\.0\.1 expired at /, /nss: {3}ERROR -8181: SEC_ERROR_EXPIRED_CERTIFICATE/],
    notLog: NOT_VERIFIED,
  },
  'tls-certificate-not-yet-valid': {
    quiet: true,
    log: [/certificate\/x509\/tls_cached: Certificate 127\.0\.0\.1 is not yet valid, will be at /, /nss: {3}ERROR -8181: SEC_ERROR_EXPIRED_CERTIFICATE/],
    notLog: NOT_VERIFIED,
  },
  'tls-handshake-failed': { error: { reason: 0, description: /^SSL Handshake Failed$/ } },
  'tls-port-speaks-tcp': { error: { reason: 0, description: /^SSL Handshake Failed$/ } },
  'webticket-failed': {
    error: { reason: 2, description: new RegExp(`${WEBTICKET_FAILED.source}$`) },
    log: [/HTTP\/1\.1 500 Internal Server Error\r?\nX-Ms-diagnostics: 28020;/i, /<s:Fault>/],
  },
  'sip-uri-mismatch': {
    error: { reason: 2, description: new RegExp(`${WEBTICKET_FAILED.source}$`) },
    log: [/X-Ms-diagnostics: 28020;[^\n]*SIP URI mismatch/i],
  },
  'mfa-required': {
    error: { reason: 2, description: new RegExp(`${WEBTICKET_FAILED.source}\\n\\(AADSTS50076: `) },
    log: [/webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication \(MFA\)/],
  },
  'certificate-provisioning-failed': {
    error: { reason: 2, description: /^Certificate request to https:\/\/lyncweb\.corp\.example\/CertProv\/CertProvisioningService\.svc\/WebTicket_Proof_SHA1 failed$/ },
    log: [/X-Ms-diagnostics: 28023;/i],
  },
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
  'signed-out-by-server': { error: { reason: 1, description: /^You have been rejected by the server: / }, log: [/authentication handshake completed successfully/] },
  'clock-skew': { error: { reason: 2, description: /^Authentication failed$/ }, log: [/ms-diagnostics: 1013;/i] },
};

/**
 * Scenarios where the analyzer does not (yet) name the expected root cause from SIPE's faithful log. Their
 * analyzer test is `it.fails`: it turns red once the analyzer is fixed — then delete the entry.
 */
export const ANALYZER_GAPS: Readonly<Record<string, string>> = {
};
