/**
 * What a failed SIP transaction after sign-in means (a call, conference, subscription or BYE):
 * none of them is a sign-in failure. Field reports and [MS-PRES]/[MS-OCER] texts; pure.
 */
import type { MsDiagnostic } from '../evidence/kinds.js';

/** ms-diagnostics codes seen after sign-in, in plain words */
const DIAGNOSTICS: Readonly<Record<number, string>> = {
  2165: "contact subscriptions are refused because the user's contact list has moved to Exchange (unified contact store), which SIPE does not use",
  21006: 'the desktop/application sharing (RDP) connection of the conference could not be established',
  1034: 'a federated peer did not report why the call failed',
  10003: 'a server on the way refused the request (proxy returned a SIP failure code)',
};

/** SIP statuses of a failed call/subscription, in plain words */
const STATUSES: Readonly<Record<number, string>> = {
  400: 'the server found the request malformed',
  403: 'a policy forbids it for this user',
  404: 'the other party or conference does not exist',
  408: 'nobody answered in time',
  480: 'the other party is not available right now',
  481: 'the call or subscription no longer exists on the server',
  486: 'the other party is busy',
  487: 'the request was cancelled',
  488: 'the other side could not accept the call as offered (audio/video codecs, media or encryption it does not support)',
  500: 'the server failed while handling it',
  503: 'the service needed for it is unavailable',
  504: 'a server on the way did not answer in time',
  603: 'the other party declined',
};

const WHAT: Readonly<Record<string, string>> = {
  INVITE: 'a call or conference invitation',
  SUBSCRIBE: 'a subscription (contacts, presence or roaming data)',
  SERVICE: 'a presence/contact-list service request',
  BYE: 'the server ended a call or conference',
  MESSAGE: 'an instant message',
  INFO: 'a call control message',
  REFER: 'a call transfer',
  PUBLISH: 'a presence publication',
  NOTIFY: 'a notification',
  BENOTIFY: 'a notification',
};

/** `a call or conference invitation was answered 488: the other side could not accept …` */
export function afterSignInMeaning(t: { method: string; status?: number | undefined; msDiagnostics?: readonly MsDiagnostic[] | undefined }): string {
  const what = WHAT[t.method] ?? `a ${t.method} request`;
  const diag = (t.msDiagnostics ?? [])[0];
  const diagWords = diag ? DIAGNOSTICS[diag.code] ?? (diag.reason ? `the server said "${diag.reason}"` : undefined) : undefined;
  const diagText = diag ? ` (ms-diagnostics ${diag.code}${diag.reason ? ` "${diag.reason}"` : ''})` : '';
  if (t.status === undefined) return `${what}${diagText}${diagWords ? `: ${diagWords}` : ''}`;
  const statusWords = STATUSES[t.status];
  const meaning = diagWords ?? statusWords ?? 'the server or the other party refused it';
  return `${what} was answered ${t.status}${diagText}: ${meaning}`;
}
