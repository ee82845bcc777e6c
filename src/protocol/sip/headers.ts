import type { SipMessage } from './types.js';

/** RFC 3261 §7.3.3 / RFC 3265 compact forms → full names. */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'Call-ID', m: 'Contact', f: 'From', t: 'To', v: 'Via', l: 'Content-Length',
  c: 'Content-Type', k: 'Supported', e: 'Content-Encoding', s: 'Subject', o: 'Event',
  r: 'Refer-To', b: 'Referred-By', x: 'Session-Expires', u: 'Allow-Events',
};

/** Canonical lower-case key for a header name (compact forms expanded). */
export function headerKey(name: string): string {
  const n = name.trim();
  const full = n.length === 1 ? COMPACT[n.toLowerCase()] : undefined;
  return (full ?? n).toLowerCase();
}

/** The full header name for a compact one; other names are returned unchanged. */
export function expandHeaderName(name: string): string {
  const n = name.trim();
  return (n.length === 1 ? COMPACT[n.toLowerCase()] : undefined) ?? n;
}

/** All values of a header (case-insensitive, compact forms accepted), in message order. */
export function headerValues(msg: Pick<SipMessage, 'headers'>, name: string): string[] {
  const key = headerKey(name);
  return msg.headers.filter((h) => headerKey(h.name) === key).map((h) => h.value);
}

/** The first value of a header, or undefined. */
export function headerValue(msg: Pick<SipMessage, 'headers'>, name: string): string | undefined {
  const key = headerKey(name);
  return msg.headers.find((h) => headerKey(h.name) === key)?.value;
}
