/**
 * Physical lines → libpurple debug records: `(HH:MM:SS) category: text` plus the continuation
 * lines that follow it without a prefix. Tolerates prefixes people add (Windows Debug-window
 * saves with a date, copy-paste timestamps) and lines where a new record starts mid-line (a
 * debug call that did not end with a newline, e.g. `...(LLVM(23:38:56) dbus: ...`).
 */
import type { LogLine, LogRecord } from './types.js';

/** `[2024-01-05 10:11:12] `, `2024-01-05T10:11:12Z `, `2024-01-05 10:11:12,123 ` … before the libpurple prefix */
const EXTRA_PREFIX =
  /^\s*\[?(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}:\d{2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?[ \t]+/;
/** `(10:11:12) `, `(2024-01-05 10:11:12) `, `(05.01.2024 10:11:12) `, `(10:11:12 AM) ` */
const PURPLE_PREFIX =
  /^\((?:(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})[ T])?(\d{1,2}:\d{2}:\d{2})(?: ?[AaPp][Mm])?\) ?/;
/** `category: ` right after the time; categories are like `sipe`, `certificate/x509/tls_cached`, `GLib-GObject` */
const CATEGORY = /^([A-Za-z][\w/.+-]{0,63}): ?/;
/** a new record starting in the middle of a line */
const MID_LINE_RECORD = /\((?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}\) [A-Za-z][\w/.+-]{0,63}: /g;
const ANSI = /\x1b\[[0-9;]*m/g;

/** bounds so one record cannot hold unbounded memory (a huge dump or a non-log file) */
const MAX_RECORD_LINES = 20_000;
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

export interface PrefixedLine {
  time: string;
  date?: string;
  category: string;
  text: string;
}

/** Split a line into prefix parts, or undefined for a continuation line. */
export function parsePrefix(line: string): PrefixedLine | undefined {
  let rest = line.includes('\x1b') ? line.replace(ANSI, '') : line;
  let date: string | undefined;
  let time: string | undefined;
  const extra = EXTRA_PREFIX.exec(rest);
  if (extra) {
    date = extra[1];
    time = extra[2];
    rest = rest.slice(extra[0].length);
  }
  const purple = PURPLE_PREFIX.exec(rest);
  if (purple) {
    if (purple[1]) date = normaliseDate(purple[1]);
    time = purple[2];
    rest = rest.slice(purple[0].length);
  } else if (!extra) {
    return undefined;
  }
  const cat = CATEGORY.exec(rest);
  if (!cat) {
    // a copy-paste timestamp in front of plain text is not a debug record
    if (!purple) return undefined;
    return { time: pad(time as string), ...(date ? { date } : {}), category: '', text: rest };
  }
  return { time: pad(time as string), ...(date ? { date } : {}), category: cat[1] as string, text: rest.slice(cat[0].length) };
}

function pad(time: string): string {
  return time.length === 7 ? `0${time}` : time;
}

function normaliseDate(d: string): string {
  if (/^\d{4}-/.test(d)) return d;
  const parts = d.split(/[./]/);
  const [a, b, c] = parts as [string, string, string];
  const year = c.length === 2 ? `20${c}` : c;
  // dotted dates are day-first (de, ru …); slashed dates are US month-first
  const [day, month] = d.includes('.') ? [a, b] : [b, a];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

export interface TokenizeCounters {
  /** lines that carried a libpurple prefix */
  debugLines: number;
}

/** Incremental tokenizer: push lines, get finished records. */
export class Tokenizer {
  private current: {
    first: number;
    last: number;
    time?: string;
    date?: string;
    category: string;
    text: string;
    continuation: string[];
    chars: number;
  } | undefined;

  readonly counters: TokenizeCounters = { debugLines: 0 };

  constructor(private readonly file: string) {}

  push(line: LogLine): LogRecord[] {
    const out: LogRecord[] = [];
    let text = line.text;
    // a record that starts in the middle of the line: the head belongs to the previous record
    for (;;) {
      MID_LINE_RECORD.lastIndex = 1;
      const m = text.length > 12 && text.includes(') ', 1) ? MID_LINE_RECORD.exec(text) : null;
      if (!m) break;
      this.take(line.no, text.slice(0, m.index), out);
      text = text.slice(m.index);
    }
    this.take(line.no, text, out);
    return out;
  }

  end(): LogRecord[] {
    const out: LogRecord[] = [];
    this.flush(out);
    return out;
  }

  private take(no: number, text: string, out: LogRecord[]): void {
    const prefix = parsePrefix(text);
    if (prefix) {
      this.counters.debugLines += 1;
      this.flush(out);
      this.current = {
        first: no,
        last: no,
        time: prefix.time,
        ...(prefix.date ? { date: prefix.date } : {}),
        category: prefix.category,
        text: prefix.text,
        continuation: [],
        chars: prefix.text.length,
      };
      return;
    }
    if (!this.current) {
      // the log starts mid-session (or mid-record): a continuation-only record
      this.current = { first: no, last: no, category: '', text: '', continuation: [], chars: 0 };
    } else if (this.current.continuation.length >= MAX_RECORD_LINES || this.current.chars >= MAX_RECORD_CHARS) {
      this.flush(out);
      this.current = { first: no, last: no, category: '', text: '', continuation: [], chars: 0 };
    }
    this.current.continuation.push(text);
    this.current.chars += text.length;
    this.current.last = no;
  }

  private flush(out: LogRecord[]): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    out.push({
      file: this.file,
      lines: [c.first, c.last],
      ...(c.time !== undefined ? { time: c.time } : {}),
      ...(c.date !== undefined ? { date: c.date } : {}),
      category: c.category,
      text: c.text,
      continuation: c.continuation,
    });
  }
}

/** The record's text and continuation lines joined with LF. */
export function recordText(r: LogRecord): string {
  return r.continuation.length === 0 ? r.text : `${r.text}\n${r.continuation.join('\n')}`;
}
