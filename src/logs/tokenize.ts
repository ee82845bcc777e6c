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

/**
 * Cheap necessary condition for MID_LINE_RECORD: a record starting at index ≥ 1 puts `(` there and
 * `) ` 9 (`(HH:MM:SS) `) or 20 (`(YYYY-MM-DD HH:MM:SS) `) characters later.
 */
function mayStartRecordInside(text: string): boolean {
  if (text.length <= 12) return false;
  for (let i = text.indexOf(') ', 1); i >= 0; i = text.indexOf(') ', i + 1)) {
    if ((i >= 10 && text.charCodeAt(i - 9) === 40) || (i >= 21 && text.charCodeAt(i - 20) === 40)) return true;
  }
  return false;
}

/** bounds so one record cannot hold unbounded memory (a huge dump or a non-log file) */
const MAX_RECORD_LINES = 20_000;
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

export interface PrefixedLine {
  time: string;
  date?: string;
  category: string;
  text: string;
}

/** `[\w/.+-]` */
function isCategoryChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 47 || c === 46 || c === 43 || c === 45;
}

/**
 * CATEGORY (`[A-Za-z][\w/.+-]{0,63}:`) at `from`, without a regex: the index of its `:`, or -1.
 * The class holds no `:`, so the greedy run either ends at the `:` or there is no category.
 */
function categoryEnd(s: string, from: number): number {
  const c0 = s.charCodeAt(from);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90))) return -1;
  let j = from + 1;
  const max = from + 64;
  while (j < max && isCategoryChar(s.charCodeAt(j))) j += 1;
  return s.charCodeAt(j) === 58 ? j : -1;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** The common `(HH:MM:SS) category: text` line, read without regexes over the whole prefix (same result as the general path). */
function parsePlainPrefix(line: string): PrefixedLine | undefined {
  const time = line.slice(1, 9);
  const end = categoryEnd(line, 11);
  if (end < 0) return { time, category: '', text: line.slice(11) };
  return { time, category: line.slice(11, end), text: line.slice(line.charCodeAt(end + 1) === 32 ? end + 2 : end + 1) };
}

function isPlainPrefix(line: string): boolean {
  return line.charCodeAt(0) === 40 && line.charCodeAt(9) === 41 && line.charCodeAt(10) === 32
    && line.charCodeAt(3) === 58 && line.charCodeAt(6) === 58
    && isDigitAt(line, 1) && isDigitAt(line, 2) && isDigitAt(line, 4) && isDigitAt(line, 5) && isDigitAt(line, 7) && isDigitAt(line, 8);
}

/** Split a line into prefix parts, or undefined for a continuation line. */
export function parsePrefix(line: string): PrefixedLine | undefined {
  if (isPlainPrefix(line) && !line.includes('\x1b')) return parsePlainPrefix(line);
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

type RecordSink = (r: LogRecord) => void;

/** A record being built (it is handed out as is once complete). */
type OpenRecord = LogRecord;

/** Shared by records without continuation lines until their first one arrives. */
const NO_CONTINUATION: readonly string[] = Object.freeze([]);
const UNSET_LINES: readonly [number, number] = Object.freeze([0, 0]) as readonly [number, number];

/**
 * Incremental tokenizer: push lines, get finished records. Per line it allocates only what the
 * record keeps (the hot path of a 200 MB log is one `(HH:MM:SS) cat: text` line per record).
 */
export class Tokenizer {
  private open: OpenRecord | undefined;
  private first = 0;
  private last = 0;
  private chars = 0;
  /** the previous line's `HH:MM:SS` (consecutive lines mostly share it: no new string) */
  private lastTime = '--:--:--';
  private lastCategory = '';

  /** inside a record of a category nobody reads: its lines are counted, not kept */
  private skipping = false;
  private skippedLines = 0;

  readonly counters: TokenizeCounters = { debugLines: 0 };

  /**
   * `keep`: records of other categories are never built nor handed out (libpurple noise such as
   * `nss:`/`dbus:` lines in a long log); `onSkip` still hears each such record's time.
   */
  constructor(private readonly file: string, private readonly opts: { keep?: (category: string) => boolean; onSkip?: (time: string) => void } = {}) {}

  push(line: LogLine): LogRecord[] {
    const out: LogRecord[] = [];
    this.pushText(line.no, line.text, (r) => out.push(r));
    return out;
  }

  /** `push` without the per-line allocations: finished records go to `sink`. */
  pushText(no: number, line: string, sink: RecordSink): void {
    let text = line;
    // a record that starts in the middle of the line: the head belongs to the previous record
    for (;;) {
      MID_LINE_RECORD.lastIndex = 1;
      const m = mayStartRecordInside(text) ? MID_LINE_RECORD.exec(text) : null;
      if (!m) break;
      this.take(no, text.slice(0, m.index), sink);
      text = text.slice(m.index);
    }
    this.take(no, text, sink);
  }

  /**
   * Consume `line` when it belongs to a record nobody reads (see `keep`) — before it is redacted:
   * its text is never kept, so the caller need not redact it. A line that starts such a record must
   * be a plain `(HH:MM:SS) category: ` line; a continuation line must not start a record of its
   * own. Returns false (line not consumed) otherwise; the caller then pushes it as usual.
   */
  trySkip(no: number, line: string, sink: RecordSink): boolean {
    if (this.skipping && !line.includes('\x1b')) {
      if (this.skippedLines >= MAX_RECORD_LINES || this.chars >= MAX_RECORD_CHARS) return false;
      if (isPlainPrefix(line) || mayStartRecordInside(line) || parsePrefix(line)) return this.trySkipStart(no, line, sink);
      this.skippedLines += 1;
      this.chars += line.length;
      this.last = no;
      return true;
    }
    return this.trySkipStart(no, line, sink);
  }

  private trySkipStart(no: number, line: string, sink: RecordSink): boolean {
    const keep = this.opts.keep;
    // `includes` first: it flattens a concatenated string once, the char reads below are then cheap
    if (!keep || line.includes('\x1b') || !isPlainPrefix(line) || mayStartRecordInside(line)) return false;
    const end = categoryEnd(line, 11);
    if (end < 0) return false;
    const last = this.lastCategory;
    const category = end - 11 === last.length && line.startsWith(last, 11) ? last : (this.lastCategory = line.slice(11, end));
    // the previous record is handed out first: `keep` answers for the state it leaves
    this.flush(sink);
    if (keep(category)) return false;
    this.counters.debugLines += 1;
    const time = line.startsWith(this.lastTime, 1) ? this.lastTime : (this.lastTime = line.slice(1, 9));
    this.skip(time, line.length - (line.charCodeAt(end + 1) === 32 ? end + 2 : end + 1));
    return true;
  }

  end(): LogRecord[] {
    const out: LogRecord[] = [];
    this.flush((r) => out.push(r));
    return out;
  }

  /**
   * The open record ends here: the reader skipped the records that follow (as bytes), and the next
   * line it passes on starts a record of its own.
   */
  endRecord(sink: RecordSink): void {
    this.flush(sink);
    this.skipping = false;
  }

  private take(no: number, text: string, sink: RecordSink): void {
    if (isPlainPrefix(text) && !text.includes('\x1b')) {
      this.counters.debugLines += 1;
      this.flush(sink);
      const time = text.startsWith(this.lastTime, 1) ? this.lastTime : (this.lastTime = text.slice(1, 9));
      const end = categoryEnd(text, 11);
      if (end < 0) {
        this.start(no, time, undefined, '', text.slice(11));
        return;
      }
      // consecutive lines mostly share the category too
      const last = this.lastCategory;
      const category = end - 11 === last.length && text.startsWith(last, 11) ? last : (this.lastCategory = text.slice(11, end));
      const bodyStart = text.charCodeAt(end + 1) === 32 ? end + 2 : end + 1;
      if (this.opts.keep && !this.opts.keep(category)) {
        this.skip(time, text.length - bodyStart);
        return;
      }
      this.start(no, time, undefined, category, text.slice(bodyStart));
      return;
    }
    const prefix = parsePrefix(text);
    if (prefix) {
      this.counters.debugLines += 1;
      this.flush(sink);
      if (this.opts.keep && !this.opts.keep(prefix.category)) {
        this.skip(prefix.time, prefix.text.length);
        return;
      }
      this.start(no, prefix.time, prefix.date, prefix.category, prefix.text);
      return;
    }
    if (this.skipping) {
      // the same bounds as a kept record: past them the rest becomes a continuation-only record
      if (this.skippedLines < MAX_RECORD_LINES && this.chars < MAX_RECORD_CHARS) {
        this.skippedLines += 1;
        this.chars += text.length;
        return;
      }
      this.skipping = false;
      this.start(no, undefined, undefined, '', '');
    } else if (!this.open) {
      // the log starts mid-session (or mid-record): a continuation-only record
      this.start(no, undefined, undefined, '', '');
    } else if (this.open.continuation.length >= MAX_RECORD_LINES || this.chars >= MAX_RECORD_CHARS) {
      this.flush(sink);
      this.start(no, undefined, undefined, '', '');
    }
    const open = this.open as OpenRecord;
    if (open.continuation === NO_CONTINUATION) open.continuation = [text];
    else (open.continuation as string[]).push(text);
    this.chars += text.length;
    this.last = no;
  }

  private skip(time: string, chars: number): void {
    this.skipping = true;
    this.skippedLines = 0;
    this.chars = chars;
    this.opts.onSkip?.(time);
  }

  private start(no: number, time: string | undefined, date: string | undefined, category: string, text: string): void {
    this.skipping = false;
    const r: OpenRecord = { file: this.file, lines: UNSET_LINES, category, text, continuation: NO_CONTINUATION };
    if (time !== undefined) r.time = time;
    if (date) r.date = date;
    this.open = r;
    this.first = no;
    this.last = no;
    this.chars = text.length;
  }

  private flush(sink: RecordSink): void {
    const r = this.open;
    if (!r) return;
    this.open = undefined;
    r.lines = [this.first, this.last];
    sink(r);
  }
}

/** The record's text and continuation lines joined with LF. */
export function recordText(r: LogRecord): string {
  return r.continuation.length === 0 ? r.text : `${r.text}\n${r.continuation.join('\n')}`;
}
