/**
 * HTTP decoding shared by log recognizers (HTTP dumps printed by SIPE) and probes: message
 * dumps, SOAP faults of the Web Ticket / Certificate Provisioning / RST2 / ADFS services, and the
 * `X-Ms-diagnostics` header. Pure; never throws on bad input.
 */
import type { MsDiagnostic } from '../evidence/kinds.js';
import { headerValue } from '../sip/headers.js';
import { parseSemicolonParams, splitCommaList } from '../sip/lists.js';
import { splitMessageText, truncateToBytes } from '../sip/message-text.js';
import { child, children, findFirst, parseXml, textOf } from './xml.js';

export { headerValue, headerValues } from '../sip/headers.js';

export interface HttpMessage {
  type: 'request' | 'response';
  method?: string;
  /** request target as written (path or absolute URL) */
  url?: string;
  status?: number;
  reason?: string;
  version: string;
  headers: readonly { name: string; value: string }[];
  body: string;
}

const REQUEST_LINE = /^([A-Z][A-Z0-9_-]*) +(\S+) +(HTTP\/\d(?:\.\d)?) *$/;
const STATUS_LINE = /^(HTTP\/\d(?:\.\d)?) +(\d{3})(?: +(.*))?$/;

/** Parse an HTTP request or response dump (LF or CRLF). `undefined` when it is not HTTP. */
export function parseHttpMessage(text: string): HttpMessage | undefined {
  const parts = splitMessageText(text);
  if (!parts) return undefined;
  const { start, headers } = parts;
  let head: Omit<HttpMessage, 'headers' | 'body'>;
  const req = REQUEST_LINE.exec(start);
  const res = req ? null : STATUS_LINE.exec(start);
  if (req) head = { type: 'request', method: req[1] as string, url: req[2] as string, version: req[3] as string };
  else if (res) head = { type: 'response', version: res[1] as string, status: Number(res[2]), reason: (res[3] ?? '').trim() };
  else return undefined;

  let body = parts.rest;
  const te = headerValue({ headers }, 'Transfer-Encoding');
  const cl = headerValue({ headers }, 'Content-Length');
  if (te !== undefined && /chunked/i.test(te)) body = dechunk(body) ?? body;
  else if (cl !== undefined && /^\d+$/.test(cl.trim())) body = truncateToBytes(body, Number(cl.trim()));
  return { ...head, headers, body };
}

/** Decode a chunked body; `undefined` when it is not well-formed chunked data (e.g. already decoded). */
function dechunk(raw: string): string | undefined {
  let pos = 0;
  let out = '';
  for (let guard = 0; guard < 1_000_000; guard++) {
    const nl = raw.indexOf('\n', pos);
    if (nl < 0) return undefined;
    const sizeLine = raw.slice(pos, nl).replace(/\r$/, '').replace(/;.*$/, '').trim();
    if (!/^[0-9A-Fa-f]{1,8}$/.test(sizeLine)) return undefined;
    const size = parseInt(sizeLine, 16);
    pos = nl + 1;
    if (size === 0) return out;
    // sizes count bytes; log dumps may also have lost CRs, so read by bytes from the rest
    const chunk = truncateToBytes(raw.slice(pos, pos + size + 8), size);
    out += chunk;
    pos += chunk.length;
    if (raw[pos] === '\r') pos++;
    if (raw[pos] === '\n') pos++;
  }
  return undefined;
}

/** One value of an `X-Ms-diagnostics` header (Web Ticket Service). */
export interface XMsDiagnostic extends MsDiagnostic {
  fault?: string;
}

/** `28020;source="lyncweb.corp.example";reason="No valid security token.";fault="…"` (comma-separated values allowed). */
export function parseXMsDiagnostics(value: string): XMsDiagnostic[] {
  const out: XMsDiagnostic[] = [];
  if (typeof value !== 'string') return out;
  for (const item of splitCommaList(value)) {
    const { head, params } = parseSemicolonParams(item);
    const m = /^(\d{1,9})(?:\.(\d{1,9}))?$/.exec(head);
    if (!m) continue;
    const d: XMsDiagnostic = { code: Number(m[1]), public: false };
    if (m[2] !== undefined) d.subCode = Number(m[2]);
    if (params['reason'] !== undefined) d.reason = params['reason'];
    if (params['source'] !== undefined) d.source = params['source'];
    if (params['fault'] !== undefined) d.fault = params['fault'];
    out.push(d);
  }
  return out;
}

/** What a SOAP fault says, in its several dialects. */
export interface SoapFault {
  /** the most specific human-readable text (see soapFaultText) */
  text: string;
  /** SOAP 1.1 faultcode or SOAP 1.2 Code/Value (prefix kept as sent) */
  code?: string;
  /** SOAP 1.2 Code/Subcode/Value, e.g. `wst:FailedAuthentication` */
  subcode?: string;
  /** SOAP 1.1 faultstring or SOAP 1.2 Reason/Text */
  reason?: string;
  /** `OCSDiagnosticsFaultType/Ms-Diagnostics-Fault` */
  msDiagnostics?: { errorId?: number; reason?: string };
  /** Passport / RST2 `Detail/error/internalerror/text` (and its code) */
  internalError?: { code?: string; text?: string };
  /** Passport `Detail/error/value`, e.g. `0x80048821` */
  errorValue?: string;
}

/**
 * Read a SOAP fault from a response body. Namespace prefixes vary, so elements are matched by
 * local name. `undefined` when the body holds no fault (or is not XML).
 */
export function parseSoapFault(body: string): SoapFault | undefined {
  // no element named Fault (in any case, see findFirst) without the word: the common answer skips the XML parse
  if (!/fault/i.test(body)) return undefined;
  const doc = parseXml(body);
  if (!doc) return undefined;
  const fault = findFirst(doc, 'Fault');
  if (fault === undefined || fault === null || typeof fault !== 'object') {
    return typeof fault === 'string' && fault.trim() !== '' ? { text: textOf(fault) ?? '' } : undefined;
  }
  const out: Partial<SoapFault> = {};

  const faultcode = textOf(child(fault, 'faultcode'));
  const code12 = child(fault, 'Code');
  const code = faultcode ?? textOf(child(code12, 'Value'));
  if (code) out.code = code;
  const sub = textOf(child(child(code12, 'Subcode'), 'Value'));
  if (sub) out.subcode = sub;

  let reason = textOf(child(fault, 'faultstring'));
  if (!reason) {
    const texts = children(child(fault, 'Reason'), 'Text');
    const en = texts.find((t) => /^en/i.test(String((t as Record<string, unknown> | undefined)?.['@lang'] ?? '')));
    reason = textOf(en ?? texts[0]);
  }
  if (reason) out.reason = reason;

  const detail = child(fault, 'detail') ?? child(fault, 'Detail');
  const msd = findFirst(detail, 'Ms-Diagnostics-Fault');
  if (msd !== undefined) {
    const d: { errorId?: number; reason?: string } = {};
    const id = textOf(child(msd, 'ErrorId'));
    if (id && /^\d{1,9}$/.test(id)) d.errorId = Number(id);
    const r = textOf(child(msd, 'Reason'));
    if (r) d.reason = r;
    out.msDiagnostics = d;
  }
  const error = findFirst(detail, 'error');
  if (error !== undefined) {
    const v = textOf(child(error, 'value'));
    if (v) out.errorValue = v;
    const ie = child(error, 'internalerror');
    if (ie !== undefined) {
      const e: { code?: string; text?: string } = {};
      const c = textOf(child(ie, 'code'));
      if (c) e.code = c;
      const t = textOf(child(ie, 'text'));
      if (t) e.text = t;
      out.internalError = e;
    }
  }

  const diagReason = out.msDiagnostics?.reason;
  const diag = diagReason === undefined ? undefined
    : `${out.msDiagnostics?.errorId !== undefined ? `${out.msDiagnostics.errorId}: ` : ''}${diagReason}`;
  const main = out.reason;
  const combined = main !== undefined && diag !== undefined && diagReason !== undefined
    ? (main.includes(diagReason) ? main : `${main} (${diag})`)
    : main ?? diag;
  const text = out.internalError?.text ?? combined ?? out.subcode ?? out.code;
  if (text === undefined) return undefined;
  return { ...out, text } as SoapFault;
}

/**
 * The most specific fault text: Passport `internalerror/text`; else faultstring / Reason/Text
 * followed by `(<ErrorId>: <Reason>)` of an `Ms-Diagnostics-Fault` detail; else that detail alone;
 * else the fault code. `undefined` when there is no fault.
 */
export function soapFaultText(body: string): string | undefined {
  return parseSoapFault(body)?.text;
}
