/** Scenarios of the web ticket, REGISTER, authentication and session steps. */
import type { Scenario } from '../types.js';
import { TLS_DSK_CLIENT, TLS_DSK_SIP, scenario } from './base.js';

const WEBTICKET_FAILED = 'Web ticket request to https://lyncweb.corp.example:<https port>/CertProv/CertProvisioningService.svc failed';

export const REGISTER_SCENARIOS: Scenario[] = [
  scenario({
    name: 'webticket-failed',
    description: 'The pool requires TLS-DSK and its web ticket service refuses to issue a ticket.',
    expectedRootCause: 'webticket-failed',
    sip: TLS_DSK_SIP,
    client: TLS_DSK_CLIENT,
    web: { webticket: 'fault' },
    sipeShows: WEBTICKET_FAILED,
  }),
  scenario({
    name: 'sip-uri-mismatch',
    description: 'The web ticket service answers that the account that signed in does not own the SIP address (sign-in address and login differ).',
    expectedRootCause: 'sip-uri-mismatch',
    sip: TLS_DSK_SIP,
    client: { ...TLS_DSK_CLIENT, login: 'bob@corp.example' },
    web: { webticket: 'sip-uri-mismatch' },
    sipeShows: `${WEBTICKET_FAILED} (the debug log's SOAP fault says the SIP URI does not match the credentials)`,
  }),
  scenario({
    name: 'sip-uri-mismatch-register',
    description: "The registrar refuses a login that belongs to another user: 403 with ms-diagnostics 4004.",
    expectedRootCause: 'sip-uri-mismatch',
    sip: {
      behaviour: {
        kind: 'reject', status: 403, reason: 'Forbidden', stage: 'after-auth',
        msDiagnosticsPublic: '4004;reason="Credentials provided are not authorized to act as specified from URI."',
      },
    },
    sipeShows: 'You have been rejected by the server: Credentials provided are not authorized to act as specified from URI.',
  }),
  scenario({
    name: 'mfa-required',
    description: 'The federated sign-in demands multi-factor authentication, which SIPE cannot do (needs the lab on ports 443/80 in a network namespace to be reached by the real client).',
    expectedRootCause: 'mfa-required',
    sip: TLS_DSK_SIP,
    client: TLS_DSK_CLIENT,
    web: { webticket: 'adfs-mfa' },
    sipeShows: `${WEBTICKET_FAILED}\n(AADSTS50076: … you must use multi-factor authentication …) (the log says "ADFS authentication failed - assuming Multi-Factor Authentication (MFA)")`,
  }),
  scenario({
    name: 'certificate-provisioning-failed',
    description: 'The web ticket is issued, but the certificate provisioning service refuses to issue the TLS-DSK certificate.',
    expectedRootCause: 'certificate-provisioning-failed',
    sip: TLS_DSK_SIP,
    client: TLS_DSK_CLIENT,
    web: { webticket: 'ok', certprov: 'fault' },
    sipeShows: 'Certificate request to https://lyncweb.corp.example:<https port>/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1 failed',
  }),
  scenario({
    name: 'clock-skew',
    description: "The client's clock differs too much from the server's, so the server rejects the authentication (ms-diagnostics 1013).",
    expectedRootCause: 'clock-skew',
    sip: {
      clockSkewMs: 2 * 3600_000,
      behaviour: {
        kind: 'reject', status: 401, reason: 'Unauthorized', stage: 'after-auth',
        msDiagnostics: '1013;reason="Significant time skew detected during authentication."',
      },
    },
    sipeShows: 'Authentication failed (the 401 carries ms-diagnostics 1013).',
  }),
  scenario({
    name: 'client-version-blocked',
    description: "The server's client version policy blocks SIPE's User-Agent.",
    expectedRootCause: 'client-version-blocked',
    sip: {
      clientVersion: {
        allowedUserAgents: ['^UCCAPI/', '^OC/', '^Microsoft Lync', '^Skype for Business'],
        warningCode: 399,
        warningText: 'You are currently not using the recommended version of the client',
        diagnosticsCode: 17002,
      },
    },
    sipeShows: 'You have been rejected by the server: You are currently not using the recommended version of the client',
  }),
  scenario({
    name: 'user-not-sip-enabled',
    description: 'The sign-in address is not enabled for Lync on this pool (404, ms-diagnostics 4005).',
    expectedRootCause: 'user-not-sip-enabled',
    sip: {
      behaviour: {
        kind: 'reject', status: 404, reason: 'Not Found', stage: 'after-auth',
        msDiagnostics: '4005;reason="Destination URI either not enabled for SIP or does not exist."',
      },
    },
    sipeShows: 'Not found: alice@corp.example. Please contact your Administrator',
  }),
  scenario({
    name: 'remote-access-denied',
    description: 'The user may not sign in from outside the company network through the Edge server (403, ms-diagnostics 4003).',
    expectedRootCause: 'remote-access-denied',
    sip: {
      behaviour: {
        kind: 'reject', status: 403, reason: 'Forbidden', stage: 'after-auth',
        msDiagnosticsPublic: '4003;reason="From URI not enabled for remote access."',
      },
    },
    sipeShows: 'You have been rejected by the server: From URI not enabled for remote access.',
  }),
  scenario({
    name: 'register-timeout',
    description: 'The server accepts the connection but never answers the REGISTER.',
    expectedRootCause: 'register-timeout',
    sip: { behaviour: { kind: 'silent' } },
    sipeShows: 'Stays at "Connecting"; after several minutes "Service unavailable: no reason given".',
  }),
  scenario({
    name: 'server-error',
    description: 'The front end answers 503 Service Unavailable because its services are not running.',
    expectedRootCause: 'server-error',
    sip: {
      behaviour: {
        kind: 'reject', status: 503, reason: 'Service Unavailable', stage: 'before-auth',
        msDiagnostics: '5000;reason="One or more critical applications are not running."',
      },
    },
    sipeShows: 'Service unavailable: Service Unavailable',
  }),
  scenario({
    name: 'register-unhandled-response',
    description: 'The server answers REGISTER with 480 Temporarily Unavailable, a code SIPE ignores, so the account hangs.',
    expectedRootCause: 'register-unhandled-response',
    sip: {
      behaviour: {
        kind: 'reject', status: 480, reason: 'Temporarily Unavailable', stage: 'after-auth',
        msDiagnostics: '1007;reason="Temporarily cannot route."',
      },
    },
    sipeShows: 'Nothing: the account stays at "Connecting".',
  }),
  scenario({
    name: 'auth-failed',
    description: 'The password typed into Pidgin is wrong, so the server rejects the NTLM sign-in.',
    expectedRootCause: 'auth-failed',
    client: { clientPassword: 'Wr0ng-Passw0rd!' },
    sipeShows: 'Authentication failed',
  }),
  scenario({
    name: 'auth-scheme-mismatch',
    description: 'The server offers only TLS-DSK (like Office 365) but Pidgin is set to NTLM.',
    expectedRootCause: 'auth-scheme-mismatch',
    sip: { authSchemes: ['TLS-DSK'] },
    sipeShows: 'Incompatible authentication scheme chosen',
  }),
  scenario({
    name: 'signed-out-by-server',
    description: 'Sign-in works, then a few seconds later the server ends the registration (signed in elsewhere or account disabled).',
    expectedRootCause: 'signed-out-by-server',
    sip: { behaviour: { kind: 'deregister', afterMs: 3000, event: 'rejected' } },
    sipeShows: 'You have been rejected by the server: … (after being online for a few seconds)',
  }),
];

