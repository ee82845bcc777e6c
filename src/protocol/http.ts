/**
 * HTTP decoding shared by log recognizers (HTTP dumps printed by SIPE) and probes: message
 * dumps and the `X-Ms-diagnostics` header (SOAP faults: soap-fault.ts). Pure; never throws on bad input.
 */
import type { MsDiagnostic } from '../evidence/kinds.js';
import { headerValue } from './sip/headers.js';
import { parseDiagnosticItems } from './sip/parse.js';
import { parseStartLine, splitMessageText, truncateToBytes } from './sip/message-text.js';

export { headerValue, headerValues } from './sip/headers.js';

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
  const line = parseStartLine(start, REQUEST_LINE, STATUS_LINE);
  if (!line) return undefined;
  const head: Omit<HttpMessage, 'headers' | 'body'> = line.type === 'request'
    ? { type: 'request', method: line.method, url: line.target, version: line.version }
    : { type: 'response', version: line.version, status: line.status, reason: line.reason };

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
  return parseDiagnosticItems(value, false).map(({ params, ...d }) => (params['fault'] !== undefined ? { ...d, fault: params['fault'] } : d));
}
