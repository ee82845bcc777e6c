import type { RootCauseId } from '../../rules/root-causes.js';

/**
 * What is wrong, in words a user without protocol knowledge understands (the helpdesk reply).
 * One or two sentences each; the technical detail stays in the report.
 */
export const PLAIN_WORDS: Readonly<Record<RootCauseId, string>> = {
  'invalid-username': 'The Username in your Pidgin account is not a complete sign-in address (it must look like name@company.com).',
  'password-missing': 'Pidgin has no password for your account, and Single Sign-On is switched off, so it cannot sign you in.',
  'auth-scheme-mismatch': 'Pidgin is set to a sign-in method the server does not offer, so the server cannot check your password.',
  'dns-no-sip-records': 'Pidgin could not find your company\'s Skype for Business / Lync server: the name records that point to it are missing in DNS.',
  'dns-host-unresolvable': 'Pidgin was pointed to a server name that does not exist (it does not resolve in DNS).',
  'dns-srv-foreign-domain': 'The DNS record for your sign-in domain points to a server in another domain, which Pidgin refuses for security reasons.',
  'sfb-online-retired': 'Your account is set up for Skype for Business Online, which Microsoft has retired; there is no server left to sign in to.',
  'tcp-connect-refused': 'The server refused the connection: nothing accepts sign-ins at the address and port Pidgin used.',
  'tcp-connect-timeout': 'Pidgin could not reach the server: the connection attempt timed out (often a firewall, a VPN that is off, or a wrong server address).',
  'proxy-failed': 'The proxy Pidgin is set to use did not pass the connection on to the server.',
  'server-disconnected': 'The server closed the connection before sign-in finished.',
  'tls-untrusted-certificate': 'Pidgin does not trust the server\'s security certificate, so it stopped before sending your password.',
  'tls-hostname-mismatch': 'The server\'s security certificate is made out to a different name than the server Pidgin connected to.',
  'tls-certificate-expired': 'The server\'s security certificate has expired (or is not valid yet), so Pidgin refuses it.',
  'tls-handshake-failed': 'Pidgin and the server could not set up a secure connection.',
  'autodiscover-failed': 'The service that tells Pidgin which server to use gave an answer Pidgin cannot use.',
  'webticket-failed': 'Pidgin could not get the sign-in ticket it needs from your company\'s web services.',
  'sip-uri-mismatch': 'The Login you entered does not belong to the sign-in address (Username) of the account.',
  'mfa-required': 'Your account requires multi-factor authentication, which Pidgin cannot complete.',
  'certificate-provisioning-failed': 'The server did not issue the personal certificate Pidgin asked for during sign-in.',
  'clock-skew': 'Your computer\'s clock differs too much from the server\'s clock, so the server rejects the sign-in.',
  'client-version-blocked': 'The server only lets approved programs sign in, and it does not recognise Pidgin by the name Pidgin reports itself as (its "User Agent").',
  'user-not-sip-enabled': 'The server does not know your account as a Skype for Business / Lync user: it has not been enabled for it yet.',
  'remote-access-denied': 'Your account is not allowed to sign in from outside the company network.',
  'register-timeout': 'The server never answered Pidgin\'s sign-in request.',
  'server-error': 'The server had an internal problem and could not process the sign-in.',
  'register-unhandled-response': 'The server answered the sign-in with a response Pidgin does not handle.',
  'auth-failed': 'The server rejected the user name / password combination Pidgin sent.',
  'kerberos-failed': 'Single Sign-On (Kerberos) did not work, so Pidgin could not prove who you are.',
  'signed-out-by-server': 'The server signed you out (for example because you signed in somewhere else, or an administrator ended the session).',
  'after-sign-in-failure': 'You are signed in; what failed afterwards (a call, a conference or the contact list) is not a sign-in problem.',
  'insecure-password-storage': 'Your saved Pidgin password can be read by other users of the computer.',
  'client-xml-parser-broken': 'Your Pidgin could not read the server\'s answers: the SIPE plugin on Debian 12 does not work with the XML library installed there. The server is fine.',
};
