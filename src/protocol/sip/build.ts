import { headerKey, headerValue, headerValues } from './headers.js';
import type { SipMessage } from './types.js';

type HeaderList = readonly { name: string; value: string }[];

/** Wire form with CRLF line ends. Headers and body are written as they are (no Content-Length fix-up). */
export function serializeSipMessage(msg: SipMessage): string {
  const start = msg.type === 'request'
    ? `${msg.method ?? 'OPTIONS'} ${msg.uri ?? 'sip:invalid'} ${msg.version || 'SIP/2.0'}`
    : `${msg.version || 'SIP/2.0'} ${msg.status ?? 500} ${msg.reason ?? ''}`;
  const head = msg.headers.map((h) => `${h.name}: ${h.value.replace(/\r?\n/g, ' ')}`).join('\r\n');
  return `${start}\r\n${head}${head === '' ? '' : '\r\n'}\r\n${msg.body}`;
}

/** Deterministic To-tag so the builder stays pure (FNV-1a over Call-ID and CSeq). */
function tagFor(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A response to `request` as a registrar would send it: copies every Via, From, To (adding a tag
 * when it has none), Call-ID and CSeq, then `extraHeaders`, then Content-Length of `body`.
 * A Content-Length in `extraHeaders` is ignored (it is always computed).
 */
export function buildSipResponse(
  request: SipMessage,
  status: number,
  reason: string,
  extraHeaders: HeaderList = [],
  opts: { toTag?: string; body?: string } = {},
): SipMessage {
  const headers: { name: string; value: string }[] = [];
  for (const v of headerValues(request, 'Via')) headers.push({ name: 'Via', value: v });
  const from = headerValue(request, 'From');
  if (from !== undefined) headers.push({ name: 'From', value: from });
  const to = headerValue(request, 'To');
  const callId = headerValue(request, 'Call-ID') ?? '';
  const cseq = headerValue(request, 'CSeq') ?? '';
  if (to !== undefined) {
    const hasTag = /;\s*tag=/i.test(to.replace(/<[^>]*>/g, ''));
    headers.push({ name: 'To', value: hasTag ? to : `${to};tag=${opts.toTag ?? tagFor(`${callId}|${cseq}`)}` });
  }
  if (callId !== '') headers.push({ name: 'Call-ID', value: callId });
  if (cseq !== '') headers.push({ name: 'CSeq', value: cseq });
  for (const h of extraHeaders) {
    if (headerKey(h.name) !== 'content-length') headers.push({ name: h.name, value: h.value });
  }
  const body = opts.body ?? '';
  headers.push({ name: 'Content-Length', value: String(new TextEncoder().encode(body).length) });
  return { type: 'response', status, reason, version: 'SIP/2.0', headers, body };
}
