import type { Rule } from './types.js';
import { CONFIG_RULES } from './config/index.js';
import invalidUsername from './client/invalid-username.js';
import missingPassword from './client/missing-password.js';
import brokenXmlParser from './client/broken-xml-parser.js';
import budgetExhausted from './client/budget-exhausted.js';
import resolverUnreachable from './dns/resolver-unreachable.js';
import resolverTimeout from './dns/resolver-timeout.js';
import domainUnknown from './dns/domain-unknown.js';
import missingSipRecords from './dns/missing-sip-records.js';
import unresolvableHost from './dns/unresolvable-host.js';
import foreignSrvTarget from './dns/foreign-srv-target.js';
import retiredOnlineService from './dns/retired-online-service.js';
import refusedConnection from './network/refused-connection.js';
import connectTimeout from './network/connect-timeout.js';
import proxyFailure from './network/proxy-failure.js';
import serverDisconnect from './network/server-disconnect.js';
import untrustedCertificate from './tls/untrusted-certificate.js';
import hostnameMismatch from './tls/hostname-mismatch.js';
import expiredCertificate from './tls/expired-certificate.js';
import handshakeFailure from './tls/handshake-failure.js';
import unusableAnswer from './autodiscover/unusable-answer.js';
import ticketFailure from './webticket/ticket-failure.js';
import sipUriMismatch from './webticket/sip-uri-mismatch.js';
import mfaRequired from './webticket/mfa-required.js';
import certificateProvisioningFailure from './webticket/certificate-provisioning-failure.js';
import blockedClientVersion from './sip/blocked-client-version.js';
import userNotEnabled from './sip/user-not-enabled.js';
import remoteAccessDenied from './sip/remote-access-denied.js';
import registerTimeout from './sip/register-timeout.js';
import serverError from './sip/server-error.js';
import unhandledRegisterResponse from './sip/unhandled-register-response.js';
import unofferedScheme from './auth/unoffered-scheme.js';
import rejectedCredentials from './auth/rejected-credentials.js';
import kerberosFailure from './auth/kerberos-failure.js';
import clockSkew from './auth/clock-skew.js';
import unprotectedCredentials from './auth/unprotected-credentials.js';
import serverSignOut from './session/server-sign-out.js';
import afterSignIn from './session/after-sign-in.js';

/** The rules catalog, in connection-path order (explicit: no globbing). */
export const RULES: readonly Rule[] = [
  invalidUsername,
  missingPassword,
  brokenXmlParser,
  budgetExhausted,
  resolverUnreachable,
  resolverTimeout,
  domainUnknown,
  missingSipRecords,
  unresolvableHost,
  foreignSrvTarget,
  retiredOnlineService,
  refusedConnection,
  connectTimeout,
  proxyFailure,
  serverDisconnect,
  untrustedCertificate,
  hostnameMismatch,
  expiredCertificate,
  handshakeFailure,
  unusableAnswer,
  ticketFailure,
  sipUriMismatch,
  mfaRequired,
  certificateProvisioningFailure,
  blockedClientVersion,
  userNotEnabled,
  remoteAccessDenied,
  registerTimeout,
  serverError,
  unhandledRegisterResponse,
  unofferedScheme,
  rejectedCredentials,
  kerberosFailure,
  clockSkew,
  unprotectedCredentials,
  serverSignOut,
  afterSignIn,
  ...CONFIG_RULES,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
