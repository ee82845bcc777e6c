/**
 * SIP message decoding shared by the log recognizers (dumps printed by SIPE) and the live
 * REGISTER probe (bytes off the wire). Pure and linear in the input size; bad input gives
 * `undefined` / empty views, never an exception.
 */
import type { MsDiagnostic, SipWarning } from '../../evidence/kinds.js';
import { parseChallenges } from './challenges.js';
import { headerKey, headerValue, headerValues } from './headers.js';
import { parseSemicolonParams, splitCommaList, unquote } from './lists.js';
import { parseStartLine, splitMessageText, truncateToBytes } from './message-text.js';
import type { SipHeaderViews, SipMessage } from './types.js';

export { parseChallenges } from './challenges.js';
export { headerValue, headerValues, headerKey, expandHeaderName } from './headers.js';
export { splitCommaList, splitTopLevel, unquote, parseSemicolonParams } from './lists.js';
export { serializeSipMessage, buildSipResponse } from './build.js';

const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9._!%*+`'~-]*) +(\S+) +(SIP\/\d+\.\d+) *$/i;
const STATUS_LINE = /^(SIP\/\d+\.\d+) +(\d{3})(?: +(.*))?$/i;

/** Parse one SIP request or response (LF or CRLF line ends). `undefined` when it is not SIP. */
export function parseSipMessage(text: string): SipMessage | undefined {
  const parts = splitMessageText(text);
  if (!parts) return undefined;
  const { start, headers } = parts;
  const line = parseStartLine(start, REQUEST_LINE, STATUS_LINE);
  if (!line) return undefined;
  const head: Omit<SipMessage, 'headers' | 'body'> = line.type === 'request'
    ? { type: 'request', method: line.method, uri: line.target, version: line.version }
    : { type: 'response', version: line.version, status: line.status, reason: line.reason };
  let body = parts.rest;
  const cl = headerValue({ headers }, 'Content-Length');
  if (cl !== undefined && /^\d+$/.test(cl.trim())) body = truncateToBytes(body, Number(cl.trim()));
  return { ...head, headers, body };
}

/**
 * The items of an `ms-diagnostics` / `ms-diagnostics-public` (SIP) or `X-Ms-diagnostics` (HTTP)
 * value: `17002;reason="…";source="…"`, several may be comma-separated, every parameter kept.
 * Unparseable items are skipped.
 */
export function parseDiagnosticItems(value: string, isPublic: boolean): (MsDiagnostic & { params: Readonly<Record<string, string>> })[] {
  const out: (MsDiagnostic & { params: Readonly<Record<string, string>> })[] = [];
  if (typeof value !== 'string') return out;
  for (const item of splitCommaList(value)) {
    const { head, params } = parseSemicolonParams(item);
    const m = /^(\d{1,9})(?:\.(\d{1,9}))?$/.exec(head);
    if (!m) continue;
    const d: MsDiagnostic & { params: Readonly<Record<string, string>> } = { code: Number(m[1]), public: isPublic, params };
    if (m[2] !== undefined) d.subCode = Number(m[2]);
    if (params['reason'] !== undefined) d.reason = params['reason'];
    if (params['source'] !== undefined) d.source = params['source'];
    out.push(d);
  }
  return out;
}

/** `17002;reason="…";source="…"` (several may be comma-separated). Unparseable items are skipped. */
export function parseMsDiagnostics(value: string, isPublic: boolean): MsDiagnostic[] {
  return parseDiagnosticItems(value, isPublic).map(({ params: _params, ...d }) => d);
}

/** `399 fe01.corp.example "text"` (several may be comma-separated). */
export function parseWarning(value: string): SipWarning[] {
  const out: SipWarning[] = [];
  for (const item of splitCommaList(value)) {
    const m = /^(\d{1,9})\s+(\S+)(?:\s+([\s\S]*))?$/.exec(item);
    if (!m) continue;
    out.push({ code: Number(m[1]), agent: m[2] as string, text: unquote(m[3] ?? '') });
  }
  return out;
}

/** The URI of a Contact / name-addr value: `<sip:host:5061;transport=tls>;expires=0` → `sip:host:5061;transport=tls`. */
export function contactUri(value: string): string | undefined {
  const first = splitCommaList(value)[0];
  if (first === undefined) return undefined;
  const lt = first.indexOf('<');
  if (lt >= 0) {
    const gt = first.indexOf('>', lt + 1);
    const uri = first.slice(lt + 1, gt < 0 ? undefined : gt).trim();
    return uri === '' ? undefined : uri;
  }
  const uri = parseSemicolonParams(first).head;
  return uri === '' ? undefined : uri;
}

/** most entries kept per view list */
const MAX_VIEW_ITEMS = 256;

/** Decoded views of the headers the rules reason about. */
export function sipHeaderViews(msg: SipMessage): SipHeaderViews {
  const msDiagnostics: MsDiagnostic[] = [];
  const warnings: SipWarning[] = [];
  const challenges: ReturnType<typeof parseChallenges> = [];
  // a real message has a handful of each; the cap bounds memory on hostile input
  const add = <T>(into: T[], items: readonly T[]): void => {
    for (const it of items) {
      if (into.length >= MAX_VIEW_ITEMS) return;
      into.push(it);
    }
  };
  for (const h of msg.headers) {
    const key = headerKey(h.name);
    if (key === 'ms-diagnostics') add(msDiagnostics, parseMsDiagnostics(h.value, false));
    else if (key === 'ms-diagnostics-public') add(msDiagnostics, parseMsDiagnostics(h.value, true));
    else if (key === 'warning') add(warnings, parseWarning(h.value));
    else if (key === 'www-authenticate' || key === 'proxy-authenticate') add(challenges, parseChallenges(h.value));
  }
  const views: SipHeaderViews = { msDiagnostics, warnings, challenges };

  const contact = headerValue(msg, 'Contact');
  const uri = contact === undefined ? undefined : contactUri(contact);
  if (uri !== undefined) views.contact = uri;

  const cseq = /^\s*(\d{1,10})\s+([A-Za-z][A-Za-z0-9._!%*+`'~-]*)/.exec(headerValue(msg, 'CSeq') ?? '');
  if (cseq) views.cseq = { seq: Number(cseq[1]), method: cseq[2] as string };

  const ua = headerValues(msg, 'User-Agent')[0];
  if (ua !== undefined) views.userAgent = ua;
  const server = headerValue(msg, 'Server');
  if (server !== undefined) views.server = server;
  const expires = /^\s*(\d{1,10})\s*$/.exec(headerValue(msg, 'Expires') ?? '');
  if (expires) views.expires = Number(expires[1]);
  return views;
}
