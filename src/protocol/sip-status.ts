/**
 * What a Lync / Skype for Business answer to REGISTER means: the ms-diagnostics codes sign-in
 * depends on ([MS-OCER] ErrorIds), the client-version filter's 403 ([MS-SIPREGE] 3.4.2.5), the statuses SIPE 1.25 handles, and the plain-words form of an answer. The live probe, the
 * User-Agent negotiation, the rules and the lab all ask these questions here. Pure.
 */
import type { MsDiagnostic, SipWarning } from '../evidence/kinds.js';

/** What an ms-diagnostics code says about sign-in. */
export type DiagnosticMeaning =
  | 'user-not-found'
  | 'remote-access-denied'
  | 'uri-not-authorized'
  | 'clock-skew'
  | 'client-version-blocked'
  | 'client-version-allowed-with-url'
  | 'version-filter-overloaded'
  | 'version-filter-invalid-request';

/** [MS-OCER] ErrorIds with a meaning for sign-in; others have none here. */
const DIAGNOSTIC_MEANING: Readonly<Record<number, DiagnosticMeaning>> = {
  1003: 'user-not-found',
  1013: 'clock-skew',
  4003: 'remote-access-denied',
  4004: 'uri-not-authorized',
  4005: 'user-not-found',
  4006: 'user-not-found',
  17000: 'version-filter-overloaded',
  17001: 'version-filter-invalid-request',
  17002: 'client-version-blocked',
  17003: 'client-version-blocked',
  17004: 'client-version-allowed-with-url',
};

export function diagnosticMeaning(code: number): DiagnosticMeaning | undefined {
  return DIAGNOSTIC_MEANING[code];
}

/** The first diagnostic with this meaning. */
export function findDiagnostic(diags: readonly MsDiagnostic[] | undefined, meaning: DiagnosticMeaning): MsDiagnostic | undefined {
  return (diags ?? []).find((d) => DIAGNOSTIC_MEANING[d.code] === meaning);
}

/** 403 diagnostics that name a cause other than the client-version filter. */
const OTHER_403: ReadonlySet<DiagnosticMeaning> = new Set(['remote-access-denied', 'uri-not-authorized', 'user-not-found']);

/** A diagnostic that names a 403 cause other than the client-version filter (remote access, account / URI mismatch, unknown user). */
export function otherForbiddenCause(diags: readonly MsDiagnostic[] | undefined): MsDiagnostic | undefined {
  return (diags ?? []).find((d) => OTHER_403.has(DIAGNOSTIC_MEANING[d.code] as DiagnosticMeaning));
}

/**
 * `Warning` codes of the client-version filter's 403: 312 (block with a download URL) and 314
 * (block and upgrade) per MS-SIPREGE; 310 in the example header SIPE's own code carries.
 */
const VERSION_FILTER_WARNINGS: ReadonlySet<number> = new Set([310, 312, 314]);

/**
 * Text that speaks of the client version: a 399 Warning's text, or SIPE's "You have been rejected by
 * the server: %s" filled from it (`Check Microsoft Update for the newest version.`, a download URL …).
 */
export const CLIENT_VERSION_TEXT = /recommended version of the client|newest version|Microsoft Update|client version|not supported|upgrade|^https?:\/\//i;

export interface RegisterAnswer {
  status?: number | undefined;
  msDiagnostics?: readonly MsDiagnostic[] | undefined;
  warnings?: readonly SipWarning[] | undefined;
}

/**
 * Is this answer the server's client-version filter refusing the User-Agent? A 403 with
 * ms-diagnostics 17002 (Invalid protocol client version) or 17003 (Declined with URL); or, unless a
 * diagnostic names another 403 cause (remote access, SIP URI / account mismatch, unknown user), a
 * filter Warning (310/312/314) or a 399 Warning whose text is about the client version. 17000
 * (filter overloaded), 17001 (invalid request) and 17004 (allowed, 200 OK) are not a block.
 */
export function isClientVersionBlock<T extends RegisterAnswer>(r: T): boolean {
  if (r.status !== 403) return false;
  const diags = r.msDiagnostics ?? [];
  if (findDiagnostic(diags, 'client-version-blocked')) return true;
  if (otherForbiddenCause(diags)) return false;
  return (r.warnings ?? []).some((w) => VERSION_FILTER_WARNINGS.has(w.code) || (w.code === 399 && CLIENT_VERSION_TEXT.test(w.text)));
}

/**
 * REGISTER answers SIPE 1.25's `process_register_response` acts on (`core/sip-transport.c`); any other final
 * answer leaves the account at "Connecting".
 */
export const SIPE_HANDLED_REGISTER_STATUSES: ReadonlySet<number> = new Set([200, 301, 401, 403, 404, 407, 503, 504]);

/** `ms-diagnostics 17002 "Invalid protocol client version."` */
export function describeDiagnostic(d: MsDiagnostic): string {
  const code = d.subCode !== undefined ? `${d.code}.${d.subCode}` : String(d.code);
  return `ms-diagnostics${d.public ? '-public' : ''} ${code}${d.reason ? ` "${d.reason}"` : ''}`;
}

/** `Warning 399 fe01.corp.example "…"` */
export function describeWarning(w: SipWarning): string {
  return `Warning ${w.code}${w.agent ? ` ${w.agent}` : ''} "${w.text}"`;
}

/** `403 Forbidden`, or `no response` */
export function statusLine(r: { status?: number | undefined; reasonPhrase?: string | undefined }): string {
  return r.status === undefined ? 'no response' : `${r.status}${r.reasonPhrase ? ` ${r.reasonPhrase}` : ''}`;
}

/** Everything the server said in one phrase: status, Warning and ms-diagnostics. */
export function serverSaid(r: RegisterAnswer & { reasonPhrase?: string | undefined }): string {
  return [statusLine(r), ...(r.warnings ?? []).map(describeWarning), ...(r.msDiagnostics ?? []).map(describeDiagnostic)].join('; ');
}
