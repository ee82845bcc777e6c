/**
 * The canonical root-cause ids. A typed Record so the compiler
 * refuses an id without a step and title. Ids are stable: scripts and helpdesk macros key on them.
 */
import type { Step } from '../evidence/steps.js';

export type RootCauseId =
  | 'invalid-username' | 'password-missing' | 'auth-scheme-mismatch'
  | 'dns-resolver-unreachable' | 'dns-resolver-timeout' | 'dns-domain-unknown'
  | 'dns-no-sip-records' | 'dns-host-unresolvable' | 'dns-srv-foreign-domain' | 'sfb-online-retired'
  | 'tcp-connect-refused' | 'tcp-connect-timeout' | 'proxy-failed' | 'server-disconnected'
  | 'tls-untrusted-certificate' | 'tls-hostname-mismatch' | 'tls-certificate-expired' | 'tls-handshake-failed'
  | 'autodiscover-failed'
  | 'webticket-failed' | 'sip-uri-mismatch' | 'mfa-required' | 'certificate-provisioning-failed'
  | 'clock-skew'
  | 'client-version-blocked' | 'user-not-sip-enabled' | 'remote-access-denied' | 'register-timeout' | 'server-error'
  | 'register-unhandled-response'
  | 'auth-failed' | 'kerberos-failed' | 'credentials-unprotected'
  | 'signed-out-by-server'
  | 'after-sign-in-failure'
  | 'insecure-password-storage'
  | 'client-xml-parser-broken'
  | 'check-budget-exhausted';

export interface RootCauseInfo {
  step: Step;
  title: string;
  /** can a client debug log alone reveal it? (every such id must have a log rule) */
  inLog: boolean;
  /** can a server (the lab) cause it? */
  serverSide: boolean;
}

export const ROOT_CAUSES: Readonly<Record<RootCauseId, RootCauseInfo>> = {
  'invalid-username': { step: 'client', title: 'Username is not a valid SIP address', inLog: true, serverSide: false },
  'password-missing': { step: 'client', title: 'No password and Single Sign-On off', inLog: true, serverSide: false },
  'auth-scheme-mismatch': { step: 'client', title: 'Authentication scheme not offered by the server', inLog: true, serverSide: true },
  // off the company network: the resolver tells nothing about the deployment (docs/root-causes-additions.md);
  // the client's network, not a server, causes them (the lab reproduces them with startLab's `resolver` option)
  'dns-resolver-unreachable': { step: 'dns', title: 'DNS server unreachable (no network?)', inLog: false, serverSide: false },
  'dns-resolver-timeout': { step: 'dns', title: 'Every DNS lookup timed out', inLog: false, serverSide: false },
  'dns-domain-unknown': { step: 'dns', title: 'The resolver does not know the SIP domain (off the company network?)', inLog: false, serverSide: false },
  'dns-no-sip-records': { step: 'dns', title: 'No DNS records lead to a SIP server', inLog: true, serverSide: true },
  'dns-host-unresolvable': { step: 'dns', title: 'A server host name does not resolve', inLog: true, serverSide: true },
  'dns-srv-foreign-domain': { step: 'dns', title: 'SRV record points outside the SIP domain', inLog: true, serverSide: true },
  'sfb-online-retired': { step: 'dns', title: 'Skype for Business Online is retired', inLog: true, serverSide: true },
  'tcp-connect-refused': { step: 'network', title: 'Connection refused', inLog: true, serverSide: true },
  'tcp-connect-timeout': { step: 'network', title: 'Connection timed out', inLog: true, serverSide: true },
  'proxy-failed': { step: 'network', title: 'Proxy failed', inLog: true, serverSide: false },
  'server-disconnected': { step: 'network', title: 'Server closed the connection', inLog: true, serverSide: true },
  'tls-untrusted-certificate': { step: 'tls', title: 'Server certificate is not trusted', inLog: true, serverSide: true },
  'tls-hostname-mismatch': { step: 'tls', title: 'Certificate does not cover the server name', inLog: true, serverSide: true },
  'tls-certificate-expired': { step: 'tls', title: 'Server certificate expired or not yet valid', inLog: true, serverSide: true },
  'tls-handshake-failed': { step: 'tls', title: 'TLS handshake failed', inLog: true, serverSide: true },
  'autodiscover-failed': { step: 'autodiscover', title: 'Lync autodiscover answer unusable', inLog: true, serverSide: true },
  'webticket-failed': { step: 'webticket', title: 'Web ticket could not be obtained', inLog: true, serverSide: true },
  'sip-uri-mismatch': { step: 'webticket', title: 'Login account does not own the SIP address', inLog: true, serverSide: true },
  'mfa-required': { step: 'webticket', title: 'Multi-factor authentication required', inLog: true, serverSide: true },
  'certificate-provisioning-failed': { step: 'webticket', title: 'Certificate provisioning failed', inLog: true, serverSide: true },
  'clock-skew': { step: 'auth', title: 'Clock difference too large', inLog: true, serverSide: true },
  'client-version-blocked': { step: 'register', title: 'Client version blocked by server policy', inLog: true, serverSide: true },
  'user-not-sip-enabled': { step: 'register', title: 'User not enabled for SIP', inLog: true, serverSide: true },
  'remote-access-denied': { step: 'register', title: 'Remote access not allowed', inLog: true, serverSide: true },
  'register-timeout': { step: 'register', title: 'REGISTER never answered', inLog: true, serverSide: true },
  'server-error': { step: 'register', title: 'Server error', inLog: true, serverSide: true },
  'register-unhandled-response': { step: 'register', title: 'REGISTER answered with a code SIPE ignores', inLog: true, serverSide: true },
  'auth-failed': { step: 'auth', title: 'Credentials rejected', inLog: true, serverSide: true },
  'kerberos-failed': { step: 'auth', title: 'Kerberos / Single Sign-On failed', inLog: true, serverSide: false },
  // live check only: the server asked for credentials on a path that did not verify (docs/root-causes-additions.md);
  // SIPE itself signs in there, so no lab scenario (whose real-client run would have to show it) reproduces it
  'credentials-unprotected': { step: 'auth', title: 'Credentials asked for over an unverified path', inLog: false, serverSide: false },
  'signed-out-by-server': { step: 'session', title: 'Signed out by the server', inLog: true, serverSide: true },
  // signed in; a call, conference or subscription failed afterwards (docs/root-causes-additions.md)
  // after sign-in (a call or subscription refused): the lab's scenarios end at sign-in
  'after-sign-in-failure': { step: 'session', title: 'Signed in; a failure after sign-in, not a sign-in problem', inLog: true, serverSide: false },
  // known from accounts.xml only (the file's mode bits), never from a log
  'insecure-password-storage': { step: 'client', title: 'Password stored readable by others', inLog: false, serverSide: false },
  // Debian 12's patched libxml2 stops SIPE 1.25's XML parser (docs/root-causes-additions.md)
  'client-xml-parser-broken': { step: 'client', title: "SIPE cannot parse the server's XML answers", inLog: true, serverSide: false },
  // a fact about the check run, not the deployment: its time budget ran out before a step finished
  'check-budget-exhausted': { step: 'client', title: 'The check ran out of time', inLog: false, serverSide: false },
};

export const ROOT_CAUSE_IDS = Object.keys(ROOT_CAUSES) as RootCauseId[];
