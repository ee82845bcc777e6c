/**
 * The shared first step of SIP and HTTP message decoding: start line, header block (folding joined,
 * names as written) and the raw rest after the blank line. Linear; `undefined` when there is no
 * plausible start line.
 */
export interface MessageText {
  start: string;
  headers: { name: string; value: string }[];
  /** text after the blank line ('' when there is none) */
  rest: string;
}

const HEADER_LINE = /^([!-9;-~]+)[ \t]*:[ \t]*(.*)$/s;
/** a start line longer than this is not a protocol message */
const MAX_START_LINE = 8192;
/** header lines beyond this many are ignored (real messages have a few dozen) */
export const MAX_HEADERS = 4096;

export function splitMessageText(text: string): MessageText | undefined {
  if (typeof text !== 'string') return undefined;
  const n = text.length;
  let pos = 0;
  const nextLine = (): string => {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? n : nl;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    pos = nl < 0 ? n + 1 : nl + 1;
    return line;
  };

  // leading CRLFs (keep-alives) are allowed before the start line
  let start = '';
  for (;;) {
    if (pos >= n) return undefined;
    const nl = text.indexOf('\n', pos);
    if ((nl < 0 ? n : nl) - pos > MAX_START_LINE) return undefined;
    start = nextLine();
    if (start.trim() !== '') break;
  }

  const headers: { name: string; value: string }[] = [];
  let sawBlank = false;
  while (pos <= n) {
    const line = nextLine();
    if (line.trim() === '') { sawBlank = pos <= n || line !== ''; break; }
    const last = headers[headers.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      // header folding (RFC 3261 §7.3.1 / RFC 7230 obs-fold): continuation joins with one space
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    if (headers.length >= MAX_HEADERS) continue;
    const m = HEADER_LINE.exec(line);
    if (!m) continue; // tolerate a stray line inside the header block
    headers.push({ name: m[1] as string, value: (m[2] as string).trim() });
  }
  const rest = sawBlank && pos <= n ? text.slice(pos) : '';
  return { start: start.trim(), headers, rest };
}

/**
 * Keep at most `bytes` UTF-8 bytes of `s`. Log dumps convert CRLF to LF, so a body there is often
 * shorter than Content-Length says; then the whole rest is the body.
 */
export function truncateToBytes(s: string, bytes: number): string {
  if (!/[^\x00-\x7f]/.test(s)) return s.length <= bytes ? s : s.slice(0, bytes);
  const enc = new TextEncoder().encode(s);
  if (enc.length <= bytes) return s;
  return new TextDecoder('utf-8', { fatal: false }).decode(enc.slice(0, bytes)).replace(/\uFFFD$/, '');
}

/** A request line (`METHOD target VERSION`) or a status line (`VERSION code reason`). */
export type StartLine =
  | { type: 'request'; method: string; target: string; version: string }
  | { type: 'response'; version: string; status: number; reason: string };

/** Read a start line with the protocol's two patterns (groups: method, target, version / version, code, reason). */
export function parseStartLine(start: string, request: RegExp, status: RegExp): StartLine | undefined {
  const req = request.exec(start);
  if (req) return { type: 'request', method: req[1] as string, target: req[2] as string, version: req[3] as string };
  const res = status.exec(start);
  if (res) return { type: 'response', version: res[1] as string, status: Number(res[2]), reason: (res[3] ?? '').trim() };
  return undefined;
}
