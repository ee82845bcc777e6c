/**
 * Records → SIP/HTTP message dumps, for every SIPE log generation (sipe.md §3.2):
 *  ≤1.10   `sending - <ctime>` / `received - <ctime>`, then `######`, the message, `######` (`#######` received)
 *  1.11–1.23  `MESSAGE START >>>>>>>>>> SIP - <ts>` … `MESSAGE END >>>>>>>>>> SIP - <ts>`
 *  1.24+   the same with `SIP(0x…)`, or the one-line `MESSAGE >>>>>>>>>> SIP(0x…)` without body
 * Lines a mail client wrapped inside a dump's header block are joined back.
 */
import type { LogRecord, MessageDump } from './types.js';

const FULL_START = /^MESSAGE START (>{10}|<{10}) (SIP|HTTP)(?:\((0x[0-9a-fA-F]+|\(nil\))\))? - (\S+)\s*$/;
const FULL_END = /^MESSAGE END (>{10}|<{10}) (SIP|HTTP)(?:\((0x[0-9a-fA-F]+|\(nil\))\))?(?: - \S+)?\s*$/;
const SHORT = /^MESSAGE (>{10}|<{10}) (SIP|HTTP)\((0x[0-9a-fA-F]+|\(nil\))\)\s*$/;
const LEGACY_START = /^(sending|received) - ([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})\s*(#{6,7})?\s*$/;
const LEGACY_MARK = /^#{6,7}\s*$/;
const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+[ \t]*:/;
const START_LINE = /^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3}|HTTP\/1\.[01] \d{3}|(?:GET|POST|PUT|HEAD|DELETE|OPTIONS) \S+ HTTP\/1\.[01])/;

/** Which dump format a log uses (drives ParseStats.generation when no version line is present). */
export type DumpStyle = 'legacy' | 'full' | 'full-pointer' | 'short-pointer';

export interface AssembledDump extends MessageDump {
  style: DumpStyle;
  /** the END marker was missing (cut log) */
  incomplete?: boolean;
}

function direction(marker: string): 'sent' | 'received' {
  return marker.startsWith('>') ? 'sent' : 'received';
}

/** Re-join header lines that a mail client wrapped, then LF-join. */
export function repairWrappedHeaders(lines: readonly string[]): string {
  const out: string[] = [];
  let inHeaders = true;
  for (const line of lines) {
    if (out.length === 0) {
      if (line.trim() === '') continue;
      out.push(line);
      continue;
    }
    if (inHeaders) {
      if (line.trim() === '') {
        inHeaders = false;
        out.push(line);
        continue;
      }
      if (!HEADER.test(line) && !/^[ \t]/.test(line)) {
        out[out.length - 1] += line;
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}

const M = 77; // `MESSAGE …`
const S = 115; // `sending - …`
const R = 114; // `received - …`
const HASH = 35; // `######`

function isEnd(line: string): boolean {
  return line.charCodeAt(0) === M && FULL_END.test(line.trimEnd());
}

function isLegacyMark(line: string): boolean {
  return line.charCodeAt(0) === HASH && LEGACY_MARK.test(line);
}

interface Cursor {
  lines: readonly string[];
  base: Pick<AssembledDump, 'file' | 'time'>;
  lineNo: (i: number) => number;
}

/** `MESSAGE START …` at i: the dump up to its END (or the record's end); returns the index after it. */
function fullDump(c: Cursor, i: number, full: RegExpExecArray, out: AssembledDump[]): number {
  const { lines } = c;
  let j = i + 1;
  while (j < lines.length && !isEnd(lines[j] as string)) j += 1;
  const complete = j < lines.length;
  out.push({
    ...c.base,
    lines: [c.lineNo(i), c.lineNo(complete ? j : lines.length - 1)],
    protocol: full[2] as 'SIP' | 'HTTP',
    direction: direction(full[1] as string),
    ...(full[3] ? { connection: full[3] } : {}),
    timestamp: full[4] as string,
    text: repairWrappedHeaders(lines.slice(i + 1, j)),
    style: full[3] ? 'full-pointer' : 'full',
    ...(complete ? {} : { incomplete: true }),
  });
  return j + 1;
}

/** ≤1.10 `sending - <ctime>` / `received - <ctime>` at i, between `######` marks; returns the index after it. */
function legacyDump(c: Cursor, i: number, legacy: RegExpExecArray, out: AssembledDump[]): number {
  const { lines } = c;
  let j = i + 1;
  if (!legacy[3]) {
    while (j < lines.length && (lines[j] as string).trim() === '') j += 1;
    if (j < lines.length && isLegacyMark(lines[j] as string)) j += 1;
  }
  let k = j;
  while (k < lines.length && !isLegacyMark(lines[k] as string)) k += 1;
  const text = repairWrappedHeaders(lines.slice(j, k));
  if (START_LINE.test(text)) {
    out.push({
      ...c.base,
      lines: [c.lineNo(i), c.lineNo(Math.min(k, lines.length - 1))],
      protocol: /^HTTP|HTTP\/1\.[01]$/.test(text.split('\n', 1)[0] as string) ? 'HTTP' : 'SIP',
      direction: legacy[1] === 'sending' ? 'sent' : 'received',
      text,
      style: 'legacy',
      ...(k < lines.length ? {} : { incomplete: true }),
    });
  }
  return k + 1;
}

/** Finds the message dumps inside one record. */
export function dumpsInRecord(r: LogRecord): AssembledDump[] {
  const lines = [r.text, ...r.continuation];
  const c: Cursor = { lines, base: { file: r.file, ...(r.time !== undefined ? { time: r.time } : {}) }, lineNo: (i) => Math.min(r.lines[0] + i, r.lines[1]) };
  const out: AssembledDump[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = (lines[i] as string).charCodeAt(0);
    // every marker starts `MESSAGE `, `sending - ` or `received - `
    if (first !== M && first !== S && first !== R) {
      i += 1;
      continue;
    }
    const line = (lines[i] as string).trimEnd();
    const short = SHORT.exec(line);
    if (short) {
      out.push({
        ...c.base,
        lines: [c.lineNo(i), c.lineNo(i)],
        protocol: short[2] as 'SIP' | 'HTTP',
        direction: direction(short[1] as string),
        connection: short[3] as string,
        style: 'short-pointer',
      });
      i += 1;
      continue;
    }
    const full = FULL_START.exec(line);
    if (full) {
      i = fullDump(c, i, full, out);
      continue;
    }
    const legacy = LEGACY_START.exec(line);
    if (legacy) {
      i = legacyDump(c, i, legacy, out);
      continue;
    }
    // a log that starts inside a dump: the END marker without its START
    const end = i > 0 ? FULL_END.exec(line) : null;
    if (end && !r.time && START_LINE.test((lines.find((l) => l.trim() !== '') ?? '').trim())) {
      out.push({
        ...c.base,
        lines: [c.lineNo(0), c.lineNo(i)],
        protocol: end[2] as 'SIP' | 'HTTP',
        direction: direction(end[1] as string),
        ...(end[3] ? { connection: end[3] } : {}),
        text: repairWrappedHeaders(lines.slice(0, i)),
        style: end[3] ? 'full-pointer' : 'full',
        incomplete: true,
      });
    }
    i += 1;
  }
  return out;
}
